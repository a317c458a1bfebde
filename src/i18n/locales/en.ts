/** English, the source language: every key exists here first. */
import type { Catalogue } from '../index.js';

export const en = {
  language: {
    menu: 'Language',
    command: 'Language: {{name}}',
  },
  /**
   * The engine's diagnostics by their key (src/engine/diagnostics.ts `key`, `values`): this text with
   * those values is exactly the engine's English `message` (test/i18n/diagnostics.test.ts).
   */
  diagnostics: {
    'duplicate-id': "node id '{{id}}' is used twice (also by nodes[{{other}}])",
    'unknown-type': "node '{{id}}' has unknown block type '{{type}}'",
    params: {
      issue: "node '{{id}}' ({{block}}): {{issue}}",
      columns: "node '{{id}}' names {{columns}} columns but its size is {{size}}",
    },
    'unknown-node': "edge {{edge}}: there is no node '{{node}}'",
    'unknown-port': {
      lossOutput: "edge {{edge}}: a loss's output is the training objective and cannot feed another block",
      noPort: "edge {{edge}}: node '{{node}}' has no input port '{{port}}'; its ports are {{ports}}",
      dataBlock: "edge {{edge}}: node '{{node}}' has no input port '{{port}}'; its ports are none (it is a data block)",
    },
    'duplicate-input': "input '{{port}}' of node '{{node}}' has two edges ({{first}} and {{second}}); a port takes one",
    'loss-without-target':
      "loss '{{id}}' has no target: connect a Target block (or the values to compare with) to its 'target' port",
    'missing-input': "input '{{port}}' of node '{{id}}' ({{block}}) is not connected",
    cycle: 'the graph has a cycle: {{cycle}}; data must flow one way, from inputs to losses',
    limit: {
      blockColumns:
        "node '{{id}}' ({{block}}) gives {{size, number}} columns; a block may give at most {{max, number}}",
      totalColumns: 'the blocks give {{columns, number}} columns in all; at most {{max, number}} are allowed',
      parameters:
        "the graph has {{count, number}} trainable values (node '{{id}}' alone {{largest, number}}); at most {{max, number}} are allowed",
    },
    shape: {
      mismatch:
        "shape mismatch at node '{{id}}' ({{block}}): input '{{port}}' expects [batch × {{expected}}] ({{reason}}) but node '{{source}}' gives [batch × {{got}}]",
      inputsAmbiguous_one:
        "input '{{id}}' takes its columns from the data, and so do {{count}} other Input block: choose the columns of each (Data tab, or params.columns), or set params.size",
      inputsAmbiguous_other:
        "input '{{id}}' takes its columns from the data, and so do {{count}} other Input blocks: choose the columns of each (Data tab, or params.columns), or set params.size",
      inputNoData:
        "input '{{id}}' takes its columns from the data: load a data set, or give its column names (params.columns) or params.size",
      inputTargetsUnknown:
        "input '{{id}}' takes the data's feature columns, but which columns are targets is not known yet: choose the Target's columns (params.columns)",
      inputNoColumnsLeft:
        "input '{{id}}' takes its columns from the data, but the data has no feature columns left for it: choose its columns (params.columns), or set params.size",
      targetSize:
        "target '{{id}}' takes its size from the loss it feeds or from the data: connect it to a loss's 'target' port, or set params.size",
      unknown: "the columns of node '{{id}}' cannot be inferred: set its sizes",
    },
    'no-loss':
      'the graph has no loss block: add one (e.g. MSE or cross-entropy) fed by the prediction and a Target, so there is something to minimise',
    weights: {
      unknown: "node '{{id}}' ({{block}}) has no weight '{{name}}'; its weights are {{names}}",
      unknownNone: "node '{{id}}' ({{block}}) has no weight '{{name}}'",
      shape: "node '{{id}}' ({{block}}): weight {{name}} must have shape [{{shape}}], got [{{got}}]",
      length: "node '{{id}}': weight {{name}} of shape [{{shape}}] needs {{length}} values, got {{got}}",
      missing: "node '{{id}}' stores some weights but not '{{name}}'",
    },
    'not-differentiable': "{{block}} '{{id}}' has zero gradient: the blocks before it cannot learn by gradient descent",
    unused: "node '{{id}}' does not feed any loss, so training ignores it",
  },
  /** The Problems panel and the blocks' problem badges. */
  problems: {
    error: 'error',
    warning: 'warning',
    errors_one: '{{count}} error',
    errors_other: '{{count}} errors',
    warnings_one: '{{count}} warning',
    warnings_other: '{{count}} warnings',
    diverged: 'Training diverged.',
    show: 'Show {{id}}',
    cannotStart: 'Training cannot start:',
    none: 'No problems: the graph is valid.',
    onlyWarnings: 'Only warnings: the graph can be trained.',
  },
  training: {
    stopped: 'Training stopped: {{message}}',
    /** The session's message for a diverged run (src/engine/training.ts DivergenceError, src/session/hints.ts). */
    diverged: {
      message:
        'training diverged in epoch {{epoch}}, step {{step}}: {{what}}. The weights {{kept}} are kept; try a smaller learning rate.',
      weights: "the weights of node '{{node}}' exploded ({{detail}})",
      loss: 'the loss rose by orders of magnitude ({{detail}})',
      output: "node '{{node}}' produced a non-finite output ({{detail}})",
      gradient: "node '{{node}}' produced a non-finite gradient ({{detail}})",
      advice:
        'The inputs range up to {{max}}: tick "standardise inputs" in the Data panel so that they are on a scale of about 1.',
    },
  },
  /** The commands of src/preload/commands.ts (title, and a shorter toolbar label where it differs). */
  commands: {
    new: { title: 'New Blank Graph' },
    open: { title: 'Open…', short: 'Open' },
    save: { title: 'Save' },
    saveAs: { title: 'Save As…', short: 'Save As' },
    exportTrained: { title: 'Export Trained Graph…' },
    'export:onnx': { title: 'Export ONNX Model…' },
    'export:pytorch': { title: 'Export PyTorch Code…' },
    saveAndClose: { title: 'Save and Close' },
    undo: { title: 'Undo' },
    redo: { title: 'Redo' },
    cut: { title: 'Cut' },
    copy: { title: 'Copy' },
    paste: { title: 'Paste' },
    duplicate: { title: 'Duplicate' },
    deleteSelection: { title: 'Delete Selection' },
    selectAll: { title: 'Select All' },
    addBlock: { title: 'Add Block…' },
    connectOutput: { title: 'Connect Output To…' },
    connectInput: { title: 'Connect Input From…' },
    disconnect: { title: 'Disconnect Wire…' },
    goToBlock: { title: 'Go to Block…' },
    editBlock: { title: 'Edit Selected Block' },
    commandPalette: { title: 'Show All Commands', short: 'Commands' },
    uiZoomIn: { title: 'Zoom In (Whole Window)', short: 'Zoom In' },
    uiZoomOut: { title: 'Zoom Out (Whole Window)', short: 'Zoom Out' },
    uiZoomReset: { title: 'Actual Size (Whole Window)', short: 'Actual Size' },
    zoomIn: { title: 'Zoom Canvas In' },
    zoomOut: { title: 'Zoom Canvas Out' },
    fitView: { title: 'Fit Graph to Window', short: 'Fit' },
    presentation: { title: 'Presentation Mode', short: 'Present' },
    exitPresentation: { title: 'Exit Presentation Mode' },
    togglePalette: { title: 'Show or Hide the Block Palette' },
    toggleSidebar: { title: 'Show or Hide the Side Panel' },
    toggleMinimap: { title: 'Show or Hide the Minimap' },
    autoLayout: { title: 'Arrange Left to Right', short: 'Arrange' },
    focusCanvas: { title: 'Focus the Canvas' },
    showInspector: { title: 'Show Inspector' },
    showData: { title: 'Show Data Panel' },
    showTraining: { title: 'Show Training Settings' },
    showProblems: { title: 'Show Problems' },
    showCharts: { title: 'Show Charts' },
    showOutput: { title: 'Show Output' },
    showGradientCheck: { title: 'Show Gradient Check' },
    toggleDock: { title: 'Toggle Bottom Dock' },
    train: { title: 'Train' },
    pause: { title: 'Pause Training', short: 'Pause' },
    step: { title: 'Step One Batch', short: 'Step' },
    reset: { title: 'Reset Weights (Same Seed), Keeping Hand-Set Ones' },
    resetAll: { title: 'Reset All Weights (Same Seed), Hand-Set Ones Too' },
    resetNewSeed: { title: 'Reset Weights with a New Seed' },
    stepThrough: { title: 'Step Through Backprop' },
    gradientCheck: { title: 'Run Gradient Check' },
  },
  /** Commands made per item of a list. */
  commandFamilies: {
    template: 'Open Example: {{name}}',
    add: 'Add Block: {{name}}',
  },
  /** The commands' categories (menus, the command palette). */
  categories: {
    File: 'File',
    Edit: 'Edit',
    Blocks: 'Blocks',
    View: 'View',
    Training: 'Training',
    Help: 'Help',
  },
  /** The native menu bar (the & marks the access key on Windows and Linux). */
  menu: {
    file: '&File',
    edit: '&Edit',
    blocks: '&Blocks',
    view: '&View',
    training: '&Training',
    newFromExample: 'New from Example',
    openRecent: 'Open Recent',
    clearRecent: 'Clear Recent',
    noRecent: 'No Recent Files',
    about: 'About {{app}}',
  },
  about: {
    tagline: 'Build neural networks by wiring blocks, and watch them learn.',
    datasets: 'Built-in data sets:',
  },
  dialogs: {
    cannotOpen: 'Cannot open file',
    closeUnsaved: {
      message: 'Do you want to save the changes you made to {{name}}?',
      detail: "Your changes will be lost if you don't save them.",
    },
    unsaved: {
      title: 'Unsaved changes',
      body: '“{{name}}” has changes that are not saved. Save them before you {{action}}?',
      actions: {
        new: 'start a new graph',
        example: 'open the example',
        open: 'open {{file}}',
        import: 'import {{file}}',
      },
    },
    restore: {
      title: 'Restore unsaved work?',
      body: 'Backprop Studio closed with unsaved changes to “{{name}}” (backed up {{when}}).{{changed}} Restore them?',
      modified:
        ' “{{file}}” was changed on disk after the backup; restoring opens the work as an unsaved copy and leaves the file as it is.',
      missing: ' “{{file}}” is no longer on disk; restoring opens the work as an unsaved copy.',
      restore: 'Restore',
      restoreCopy: 'Restore as a Copy',
      discard: 'Discard',
    },
    buttons: {
      save: 'Save',
      dontSave: "Don't Save",
      cancel: 'Cancel',
      ok: 'OK',
    },
    /** File type names in Open and Save dialogs. */
    filters: {
      graph: 'Backprop Studio graph',
      graphsAndModels: 'Graphs and ONNX models',
      onnx: 'ONNX model',
      csv: 'CSV data',
      json: 'JSON',
      python: 'Python',
      png: 'PNG image',
      all: 'All files',
    },
  },
} satisfies Catalogue;
