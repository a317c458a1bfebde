/** English: the files part of the catalogue (its own top-level groups; see ../en.ts). */
import type { Catalogue } from '../../index.js';

export const filesMessages = {
  /** File commands (src/renderer/src/files/commands.ts): toasts and the titles of problem dialogs. */
  fileCommands: {
    untitled: 'Untitled',
    noExample: 'There is no example “{{id}}”.',
    openProblems: 'Nothing was changed. The file has these problems:',
    cannotOpen: 'Cannot open {{name}}',
    cannotImport: 'Cannot import {{name}}',
    imported: 'Imported {{name}}: save it as a Backprop Studio graph to keep your edits.',
    migrated: '{{name}} was written by an older version (format {{version}}); it will be saved in the current format.',
    openFailed: 'Could not open the file: {{error}}',
    openPathFailed: 'Could not open {{path}}: {{error}}',
    notAGraph: '{{name}} is not a Backprop Studio graph (.bps.json) or an ONNX model (.onnx).',
    readFailed: 'Could not read {{name}}: {{error}}',
    saved: 'Saved {{name}}',
    saveFailed: 'Could not save: {{error}}. Your work is still here.',
    untrained:
      'The graph has not been trained yet: the export has no weights (they will be initialised from the seed when loaded).',
    exportedTrained: 'Exported the trained graph.',
    exportFailed: 'Could not export: {{error}}',
    cannotExport: 'Cannot export to {{format}}',
    exportProblems: 'Nothing was exported. The graph has these problems:',
    exported: 'Exported the graph as {{format}}.',
    exportToFailed: 'Could not export to {{format}}: {{error}}',
    backupFailed: 'Could not back up unsaved work: {{error}}. Save to keep it.',
  },
  /** Why the canvas refuses a connection (src/renderer/src/editor/connections.ts). */
  connection: {
    cannot: 'Cannot connect: {{problem}}',
    ends: 'connect an output (right side) to an input (left side)',
    self: 'a block cannot feed itself',
    gone: 'that block no longer exists',
    lossOutput: '{{block}} is a loss: its output is what training minimises and cannot feed another block',
    dataBlock: '{{block}} blocks take their values from the data, not from other blocks',
    taken: "input '{{port}}' of {{id}} is already connected (from {{source}}); delete that edge first",
    cycle: 'this would make a cycle ({{target}} already feeds {{source}}); data must flow one way',
    noInputs: '{{id}} has no inputs',
    /** A block's accessible name on the canvas. */
    blockAria: '{{title}} block {{id}}',
  },
  /** A command that failed (src/renderer/src/commands/registry.ts). */
  commandRun: {
    failed: '{{command}} failed: {{error}}',
  },
  /** Where a problem is (a diagnostic's `where`, src/i18n/where.ts); names stay as they are. */
  diagnosticWhere: {
    document: '(document)',
    file: '(file)',
    graph: '(graph)',
    batch: '(batch)',
    node: 'node {{name}}',
    edge: 'edge {{name}}',
    output: "output '{{name}}'",
    input: "input '{{name}}'",
    operator: 'operator {{name}}',
    line: 'line {{line}}',
    row: 'row {{row}}',
    column: 'column {{column}}',
    columnNamed: 'column {{column}} ({{name}})',
    columnName: "column '{{name}}'",
  },
} satisfies Catalogue;
