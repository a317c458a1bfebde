/** English, the source language: every key exists here first. */
import type { Catalogue } from '../index.js';
import { trainingMessages } from './en/training.js';
import { dataMessages } from './en/data.js';
import { chartsMessages } from './en/charts.js';
import { outputMessages } from './en/output.js';
import { runsMessages } from './en/runs.js';
import { filesMessages } from './en/files.js';
import { engineMessages } from './en/engine.js';

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
    // Problems of data, documents, imports and solving (./en/engine.ts).
    ...engineMessages,
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
  /** The block registry's words (src/engine/blocks: title, description, parameter labels and help). */
  blocks: {
    input: {
      title: 'Input',
      description: 'The feature columns of the data, one row per sample.',
      params: {
        size: {
          label: 'columns',
          help: 'How many data columns this block takes. Leave it out to take it from the column names or the data; give it to have it checked.',
          inferredFrom: 'its column names, else the data',
        },
        columns: {
          label: 'column names',
          help: 'Which data columns, by name; by position when absent.',
        },
      },
    },
    target: {
      title: 'Target',
      description: 'The target columns of the data: class indices or values to predict.',
      params: {
        size: {
          label: 'columns',
          help: 'How many data columns this block takes. Leave it out to take it from the column names or the data; give it to have it checked.',
          inferredFrom: 'its column names, else the data',
        },
        columns: {
          label: 'column names',
          help: 'Which data columns, by name; by position when absent.',
        },
      },
    },
    linear: {
      title: 'Linear',
      description: 'Fully connected layer y = x·Wᵀ + b with weights W [out × in] and bias b [out].',
      params: {
        in: {
          label: 'inputs',
          help: 'Columns of the input. Leave it out to take them from the incoming wire; give it to have them checked.',
          inferredFrom: 'the columns of the incoming wire',
        },
        out: {
          label: 'outputs',
        },
        init: {
          label: 'initialisation',
          help: 'normal: N(0, std); xavier: Glorot uniform ±√(6/(in+out)); he: N(0, √(2/in)); zeros; manual: weights start at 0 and you set them by hand (Reset keeps them).',
          options: { normal: 'normal', xavier: 'xavier', he: 'he', zeros: 'zeros', manual: 'manual' },
        },
        std: {
          label: 'std (normal init)',
        },
        bias: {
          label: 'bias',
        },
      },
    },
    step: {
      title: 'Step',
      description:
        'Threshold neuron: 1 where x > threshold, else 0. Its gradient is zero, so gradient descent cannot train what feeds it.',
      params: {
        threshold: {
          label: 'threshold θ',
        },
      },
    },
    sigmoid: {
      title: 'Sigmoid',
      description: 'Logistic function σ(x) = 1 / (1 + e^(−x)), squashing to (0, 1).',
    },
    tanh: {
      title: 'Tanh',
      description: 'Hyperbolic tangent, squashing to (−1, 1).',
    },
    relu: {
      title: 'ReLU',
      description: 'Rectified linear unit max(0, x).',
    },
    leaky_relu: {
      title: 'Leaky ReLU',
      description: 'x where x > 0, else slope·x: a ReLU whose units cannot die.',
      params: {
        slope: {
          label: 'slope α',
        },
      },
    },
    softmax: {
      title: 'Softmax',
      description: 'Turns each row into probabilities p_i = e^(x_i) / Σ_k e^(x_k).',
    },
    identity: {
      title: 'Identity',
      description: 'Passes values through unchanged (a linear output).',
    },
    add: {
      title: 'Add',
      description: 'Element-wise sum of its inputs, which must have the same number of columns.',
      params: {
        inputs: {
          label: 'inputs',
        },
      },
    },
    concat: {
      title: 'Concat',
      description: 'Places its inputs side by side as columns, in port order.',
      params: {
        inputs: {
          label: 'inputs',
        },
      },
    },
    mse: {
      title: 'MSE',
      description: 'Mean squared error: the mean of (t − y)² over all elements.',
    },
    mae: {
      title: 'MAE',
      description: 'Mean absolute error: the mean of |t − y| over all elements.',
    },
    asymmetric_mse: {
      title: 'Asymmetric squared error',
      description: 'Squared error weighted a when over-predicting (δ = t − y < 0) and b when under-predicting.',
      params: {
        a: {
          label: 'a (over-prediction)',
        },
        b: {
          label: 'b (under-prediction)',
        },
      },
    },
    bce: {
      title: 'Binary cross-entropy',
      description:
        'Negative log-likelihood of 0/1 targets under probabilities p (e.g. from a sigmoid). Fed by a sigmoid, it is computed from the sigmoid’s input z (exact, gradient σ(z) − t).',
    },
    nll: {
      title: 'Negative log-likelihood',
      description:
        'Mean over rows of −log p[t]: pred holds class probabilities (e.g. from softmax). Fed by a softmax, it is computed from the softmax’s input z as log-softmax (exact, gradient p − onehot(t)).',
    },
    cross_entropy: {
      title: 'Cross-entropy (softmax + NLL)',
      description: 'Softmax and negative log-likelihood fused on logits: numerically stable, gradient p − onehot(t).',
    },
  },
  /** The toolbar's training controls and the run's numbers. */
  run: {
    training: 'Training',
    reset: {
      button: 'Reset',
      tooltip: 'Start again from fresh weights',
      keep: 'Same seed ({{seed}}), keep my weights',
      keepDetail: 'keeps {{blocks}} (set by hand), re-initialises the others',
      keepDetailNone: 'identical start: no weights are set by hand',
      all: 'Same seed ({{seed}}), re-initialise all',
      allDetail: 'hand-set weights too ({{blocks}})',
      allDetailNone: 'every block from the seed',
      newSeed: 'New random seed, keep my weights',
    },
    divergedIn: 'diverged in epoch {{epoch}}',
    stoppedEarly: 'stopped early',
    status: {
      idle: 'not started',
      invalid: 'cannot train',
      starting: 'starting…',
      ready: 'ready',
      running: 'training',
      paused: 'paused',
      finished: 'finished',
      diverged: 'diverged',
    },
    epoch: 'epoch',
    loss: 'loss',
    lossNow: 'loss now',
    lossNowTooltip: 'The loss of the weights as they are now (set by hand), over the training rows',
    penalty: 'penalty',
    penaltyTooltip: 'the regularisation penalty beside the data loss: (λ/2)·Σw² + λ₁·Σ|w| over the weight matrices',
    accuracy: 'acc',
    valLoss: 'val loss',
    valAccuracy: 'val',
    rate: {
      millions: '{{rate}} M samples/s',
      thousands: '{{rate}} k samples/s',
      units: '{{rate}} samples/s',
    },
    speed: {
      button: 'speed',
      full: 'full speed',
      fullShort: 'full',
      steps_one: '{{count}} step/s',
      steps_other: '{{count}} steps/s',
      label: 'Training speed: {{speed}}',
      title: 'Training speed',
      tooltip: 'How fast training runs: slow motion to watch each step, or full speed',
      perSecond: 'Steps a second:',
      slow: 'slow motion',
    },
    finished: {
      target: 'Training is finished: the loss reached the target {{target}}.',
      early: 'Training is finished: {{reason}}.',
      epochs_one: 'Training is finished: all {{count}} epochs are done.',
      epochs_other: 'Training is finished: all {{count}} epochs are done.',
      more_one: 'Train {{count}} more epochs',
      more_other: 'Train {{count}} more epochs',
    },
    close: 'Close',
  },
  truthTable: {
    title: 'Truth table',
    right: '{{right}} / {{rows}} right',
    output: 'output',
    outputColumn: 'output {{column}}',
    predicted: 'predicted',
    rightOrWrong: 'right or wrong',
    rowRight: 'right',
    rowWrong: 'wrong',
    validation: 'validation row (not trained on)',
    ruleCut: 'Prediction: {{hi}} when the output ≥ {{at}}, else {{lo}}.',
    rulePerOutput: 'Prediction: per output, the nearer of its two target values.',
    ruleArgmax: 'Prediction: the class with the largest output.',
  },
  dock: {
    label: 'Dock',
    tabs: { problems: 'Problems', charts: 'Charts', output: 'Output', gradcheck: 'Gradient check' },
    views: { loss: 'Loss', accuracy: 'Accuracy', gradients: 'Gradient norms', output: 'Output' },
    collapse: 'Collapse the dock',
    expand: 'Expand the dock',
    presentation: {
      shown: 'Shown while presenting',
      problems_one: 'problem',
      problems_other: 'problems',
      exit: 'Exit presentation (Esc)',
      none: 'Tick what the class should see.',
    },
  },
  sidebar: {
    label: 'Side panel',
    tabs: { inspector: 'Inspector', data: 'Data', training: 'Training' },
    show: { inspector: 'Show the inspector', data: 'Show the data', training: 'Show the training' },
    noData: 'No data loaded',
    hide: 'Hide the side panel',
  },
  canvas: {
    nodeHelp:
      'Arrow keys follow the wires to the next block; Shift and an arrow moves this block. Enter edits its parameters, C connects its output, Delete removes it.',
    edgeHelp: 'Press Delete to remove this wire.',
    /** A wire's accessible name: from block, to block and its port. */
    edge: 'Wire from {{source}} to {{target}} ({{port}})',
    empty: 'Drag blocks here from the palette, or double-click to search for one.',
    start: 'Start with Input → Linear → Sigmoid, then a Target and a loss.',
  },
  canvasBar: {
    zoomOut: 'Zoom the canvas out',
    zoomIn: 'Zoom the canvas in',
    zoomReset: 'Canvas zoom: click for 100 %',
    fit: 'Fit the graph to the canvas',
    fitLabel: 'Fit',
    map: 'Map',
    mapShow: 'Show the minimap',
    mapHide: 'Hide the minimap',
    mapNoRoom: 'The minimap is hidden while it would cover blocks: zoom out or pan to make room',
    units: 'Units',
    unitsShow: 'Show each unit’s output as a thumbnail on its block',
    unitsHide: 'Hide the unit thumbnails on the blocks',
    minimap: 'Minimap of the graph',
  },
  data: {
    standardize: 'standardise inputs (x − mean) / std, fitted on the training rows',
  },
  /** The command palette and the other pickers. */
  picker: {
    selectFirst: 'Select a block first (Tab to the canvas, then the arrow keys).',
    nothingToPaste: 'Nothing to paste: copy blocks first.',
    noBlock: 'No block matches',
    commands: { title: 'Commands', placeholder: 'Type a command…', empty: 'No command matches' },
    add: {
      title: 'Add Block',
      placeholder: 'Block type…',
      note: 'The new block goes to the right of {{id}}.',
      empty: 'No block type matches',
    },
    connect: {
      toInput: ' → input {{port}}',
      failed: 'Cannot connect: {{problem}}',
      done: 'Connected {{wire}}',
      outputTitle: 'Connect the output of {{name}} to…',
      inputTitle: 'Connect an input of {{name}} from…',
      outputPlaceholder: 'Target block and port…',
      inputPlaceholder: 'Source block…',
      dataBlock: '{{block}} blocks take their values from the data, not from other blocks',
      noOther: 'There is no other block to connect.',
      possible_one: '{{count}} possible connection; the others say why they cannot be made.',
      possible_other: '{{count}} possible connections; the others say why they cannot be made.',
      nothing: 'Nothing to connect.',
    },
    disconnect: {
      wire: '{{source}} → {{target}}, input {{port}}',
      title: 'Disconnect a wire',
      titleOf: 'Disconnect a wire of {{id}}',
      placeholder: 'Wire…',
      none: 'The graph has no wires',
      noneOf: '{{id}} has no wires',
    },
    goTo: { title: 'Go to Block', placeholder: 'Block name or id…' },
  },
  /** A block on the canvas. */
  block: {
    frozen: 'Frozen: training leaves this block’s weights exactly as they are (gradients still flow through it)',
    expand: 'Show this block as neurons: one line per weight (click one to edit it)',
    collapse: 'Back to the compact block',
    hint: 'Hint: {{text}}',
    columns_one: '{{count}} column',
    columns_other: '{{count}} columns',
    columnsUnknown: '? columns',
  },
  inspector: {
    auto: 'auto',
    autoValue: 'auto ({{value}})',
    autoFrom: '{{auto}}: from {{from}}',
    decrease: 'decrease {{field}}',
    increase: 'increase {{field}}',
    pin: 'Pin',
    pinTooltip: 'Write {{value}} into the document, so that it is checked against {{from}}',
    autoButton: 'Auto',
    autoTooltip: 'Leave it out: take it from {{from}}',
    unknownType: 'Unknown block type “{{type}}”.',
    label: 'label',
    forward: 'Forward',
    backward: 'Backward',
    output: 'Output: {{shape}}',
    scalar: 'scalar',
    graph: 'Graph',
    name: 'name',
    description: 'description',
    blocks_one: '{{count}} block. Select a block to edit its parameters.',
    blocks_other: '{{count}} blocks. Select a block to edit its parameters.',
    selected_one: '{{count}} blocks selected. Copy, duplicate or delete them together; drag to move.',
    selected_other: '{{count}} blocks selected. Copy, duplicate or delete them together; drag to move.',
  },
  toolbar: {
    file: 'File',
    new: 'New',
    recent: 'Recent',
    noRecent: 'No recent files',
    export: 'Export',
    exportTrained: 'The graph with its trained weights, normalisation and metrics',
    exportOnnx: 'For onnxruntime and other ONNX tools',
    exportPytorch: 'An nn.Module with the weights and a training loop',
    presentingTooltip: '{{tooltip}} — Esc ends it',
    docTitle: '{{name}}',
    docTitleUnsaved: '{{name}} (not saved yet)',
    withChanges: ', with unsaved changes',
    unsavedChanges: 'unsaved changes',
  },
  palette: {
    blocks: 'Blocks',
    show: 'Show the block palette',
    hide: 'Hide the block palette',
    search: 'Search blocks',
    searchPlaceholder: 'Search blocks…',
    howToAdd: 'Drag onto the canvas, or double-click to add.',
    noMatch: 'No block matches “{{query}}”.',
  },
  blockCategories: {
    data: 'Data',
    layer: 'Layers',
    activation: 'Activations',
    combine: 'Combine',
    loss: 'Losses',
  },
  /** The examples (examples/<id>.bps.json: name and description). */
  examples: {
    'diabetes-regression': {
      title: 'Linear regression with ten features: diabetes progression',
      description:
        "Linear regression on ten measurements of 442 diabetes patients (age, sex, body mass index, blood pressure and six blood serum values; Efron et al., 2004) predicting a measure of the disease's progression a year later. The inputs are standardised and a fifth of the rows is held out. Solve exactly gives the least-squares weights (R² ≈ 0.5 on the training rows); training with momentum approaches them: watch the Distance chart, the predicted-against-actual plot and the residuals.",
    },
    'digits-softmax': {
      title: 'Handwritten digits: softmax classifier',
      description:
        'A softmax classifier (multinomial logistic regression) on 8×8 handwritten digits: 64 standardised pixel values → 10 logits, trained with cross-entropy (softmax + negative log-likelihood fused; its gradient is p − onehot(t)). 20 % of the 1,797 digits are held out for validation; more than 90 % of them (about 94 %) are recognised.',
    },
    'iris-mlp': {
      title: 'Iris: softmax and negative log-likelihood',
      description:
        'Three iris species from four measurements: a hidden layer of 8 tanh units, a softmax turning 3 scores into probabilities, and the negative log-likelihood −log p[t] as separate blocks. Inputs are standardised; 20 % of the flowers are held out and more than 90 % of them are classified right. `backprop predict` names the species.',
    },
    'linear-regression': {
      title: "Linear regression (Anscombe's data)",
      description:
        "A Linear block with an MSE loss is linear regression: y = w·x + b fitted by gradient descent (momentum). On Anscombe's first data set (examples/data/anscombe.csv) it reaches the least-squares line the normal equations give, y ≈ 0.500·x + 3.00 (MSE ≈ 1.25). Point the Input and Target at x2/y2, x3/y3 or x4/y4: four very different data sets, the same line.",
    },
    'logistic-regression': {
      title: 'Logistic regression: two Gaussian clouds',
      description:
        'Logistic regression p(y = 1 | x) = σ(wᵀx + b): a Linear block, a sigmoid and binary cross-entropy. builtin:gaussians has two clouds around (−1, −1) and (1, 1); the learned line wᵀx + b = 0 separates them. A quarter of the rows are held out for validation: more than 95 % of them (in fact all) are classified right.',
    },
    'perceptron-and': {
      title: 'Perceptron: AND, trained',
      description:
        'One sigmoid neuron y = σ(w₁x₁ + w₂x₂ + b) learns AND: the line w₁x₁ + w₂x₂ + b = 0 separates (1, 1) from the other three inputs. Train on builtin:and: all four rows right (100 %).',
    },
    'perceptron-not': {
      title: 'Perceptron: NOT, trained',
      description:
        'One sigmoid neuron y = σ(wx + b) with a single input learns NOT: a negative weight and a positive bias. Train on builtin:not: both rows right (100 %).',
    },
    'perceptron-or': {
      title: 'Perceptron: OR, trained',
      description:
        'One sigmoid neuron y = σ(w₁x₁ + w₂x₂ + b) learns OR: one line separates (0, 0) from the other three inputs. Train on builtin:or: all four rows right (100 %).',
    },
    sine: {
      title: 'Universal approximation, trained: sine with one hidden layer',
      description:
        'Fits y = sin(x) on [−π, π] with one hidden layer of 8 sigmoid units and a linear output, trained by gradient descent (Universal approximation by construction builds this network by hand with N = 4 bumps): each hidden unit is a soft step, pairs of steps make bumps, and the output layer adds the bumps up into the curve (the universal approximation theorem in 1-D). Train on builtin:sine: the mean squared error falls below 1e-3 (to about 1e-5).',
    },
    'xor-single-neuron': {
      title: 'Perceptron on XOR, trained: stuck at 3 of 4',
      description:
        'The same single sigmoid neuron on builtin:xor cannot succeed: no line separates {(0, 1), (1, 0)} from {(0, 0), (1, 1)}, so at most 3 of the 4 rows (75 %) can be right. The loss stalls near log 2 ≈ 0.693. Compare with xor.bps.json, which adds a hidden layer.',
    },
    xor: {
      title: 'XOR, one hidden layer',
      description: 'No single neuron can compute XOR; one hidden layer of tanh units can. Load builtin:xor and train.',
    },
    'xor-impossible': {
      title: 'No single neuron computes XOR',
      description:
        "One threshold neuron y = I[w₁x₁ + w₂x₂ + b > 0] on XOR, with weights set by hand (here those of OR: 3 of 4 rows right). Select the neuron and move its sliders: whatever you try, at most 3 of the 4 rows are right. All four would need b ≤ 0 (row 0, 0), w₁ + b > 0 and w₂ + b > 0 (rows 1, 0 and 0, 1), and w₁ + w₂ + b ≤ 0 (row 1, 1); adding the middle two gives w₁ + w₂ + b > −b ≥ 0, a contradiction: no line separates XOR's classes. XOR needs a second layer: see XOR from AND, OR, NOT.",
    },
    'threshold-and': {
      title: 'Threshold neuron: AND by hand',
      description:
        "The first neuron of the course: y = I[w₁x₁ + w₂x₂ + b > 0] (the lecture's I[wᵀx > θ], with θ = −b), its weights chosen by hand. w = (1, 1) and b = −1.5 fire only when both inputs are 1: AND, all 4 rows right. Select the neuron and change one number in the inspector: b = −0.5 makes it OR, b = −2.5 makes it never fire; NOT has one input (Threshold neuron: NOT by hand). The weights are set by hand and frozen, and a step has no gradient, so Train changes nothing: this neuron computes what its numbers say.",
    },
    'universal-approximation': {
      title: 'Universal approximation by construction',
      description:
        "The lecture's proof, built: sin on [−π, π] replaced by a staircase of N = 8 steps. Each step of the staircase is a bump I[a ≤ x ≤ b] made of two steep sigmoid units, σ(k(x − a)) − σ(k(x − b)); the output layer adds the bumps weighted by f(midpoint). Every weight is computed, none trained (both layers are frozen). The construction card in the output view sets N and the steepness k and shows the largest error |f − approximation| on the data: it falls as N grows (with k steep enough for the bumps). The next example trains this architecture (with N = 4: 8 units) by gradient descent instead, and ends far closer to sin than 4 bumps get.",
    },
    'threshold-not': {
      title: 'Threshold neuron: NOT by hand',
      description:
        'A threshold neuron with one input, y = I[w·x + b > 0], weights chosen by hand: w = −1 and b = 0.5 fire for x = 0 and not for x = 1: NOT, both rows right. A negative weight inverts, the bias sets the threshold between 0 and 1. The weights are set by hand and frozen, and a step has no gradient, so Train changes nothing: this neuron computes what its numbers say.',
    },
    'xor-gates': {
      title: 'XOR from AND, OR, NOT',
      description:
        "XOR = (x₁ OR x₂) AND NOT (x₁ AND x₂): a two-layer network of threshold neurons, every weight set by hand. The first layer's two neurons compute OR (w = 1, 1, b = −0.5) and NAND, NOT of AND (w = −1, −1, b = 1.5); the second layer ANDs them (w = 1, 1, b = −1.5). All 4 rows right, where one neuron gets at most 3. Select a block to see or change its weights; XOR, one hidden layer trains a network to do the same.",
    },
    'threshold-or': {
      title: 'Threshold neuron: OR by hand',
      description:
        'A threshold neuron y = I[w₁x₁ + w₂x₂ + b > 0] with weights chosen by hand: w = (1, 1) and b = −0.5 fire when at least one input is 1: OR, all 4 rows right. The same weights with b = −1.5 give AND; NOT needs one input (Threshold neuron: NOT by hand). The weights are set by hand and frozen, and a step has no gradient, so Train changes nothing: this neuron computes what its numbers say.',
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
  /** Problems with a file the user asked for (src/main/files.ts FileProblem). */
  fileProblems: {
    notAFile: '{{path}} is not a file',
    tooLarge: '{{name}} is {{size}} MB; files over {{max}} MB are not opened',
    notWritten: {
      graph: 'The graph is {{size}} MB; documents over {{max}} MB cannot be opened again, so it was not written',
      backup: 'The backup is {{size}} MB; documents over {{max}} MB cannot be opened again, so it was not written',
    },
  },
  // The panels' parts, each in its own file (its own top-level groups).
  ...trainingMessages,
  ...dataMessages,
  ...chartsMessages,
  ...outputMessages,
  ...runsMessages,
  ...filesMessages,
} satisfies Catalogue;
