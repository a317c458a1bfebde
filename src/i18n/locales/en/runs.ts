/** English: the runs part of the catalogue (its own top-level groups; see ../en.ts). */
import type { Catalogue } from '../../index.js';

export const runsMessages = {
  /** What src/engine/runs.ts says about kept runs: their default names, summaries and what changed between two. */
  runHistory: {
    name: 'Run {{number}}',
    named: '{{name}}',
    summary_one: '{{optimizer}}, lr {{lr}}, {{batch}}, {{count}} epoch',
    summary_other: '{{optimizer}}, lr {{lr}}, {{batch}}, {{count}} epochs',
    batch: 'batch {{size}}',
    fullBatch: 'full batch',
    optimizers: { momentum: 'Momentum' },
    settings: {
      optimizer: 'optimizer',
      batch: 'batch',
      epochs: 'epochs',
      momentum: 'momentum',
      shuffle: 'shuffle',
      validationSplit: 'validation split',
      targetLoss: 'target loss',
      weightDecay: 'weight decay',
      lrSchedule: 'lr schedule',
      stepSize: 'step size',
      patience: 'patience',
      minDelta: 'min delta',
      restoreBest: 'restore best',
      initSeed: 'init seed',
      dataSeed: 'data seed',
    },
    values: {
      full: 'full',
      on: 'on',
      off: 'off',
      constant: 'constant',
      step: 'step',
      cosine: 'cosine',
    },
    diff: {
      optimizer: 'optimizer: {{from}} → {{to}}',
      setting: '{{name}} {{from}} → {{to}}',
      removed: 'removed {{block}} ({{title}})',
      added: 'added {{block}} ({{title}})',
      loss: 'loss: {{from}} → {{to}}{{settings}}',
      type: '{{block}}: {{from}} → {{to}}{{settings}}',
      settings: ' ({{list}})',
      units_one: '{{block}}: {{from}} → {{count}} unit',
      units_other: '{{block}}: {{from}} → {{count}} units',
      param: '{{block}} {{param}} {{from}} → {{to}}',
      wiring: 'wiring changed',
      data: 'data: {{from}} → {{to}}',
      standardized: 'inputs standardised',
      notStandardized: 'inputs no longer standardised',
    },
  },
  /** The Runs list beside the charts (RunsPanel.tsx). */
  runsPanel: {
    title: 'Runs',
    kept_one: 'The document keeps the last {{count}} run',
    kept_other: 'The document keeps the last {{count}} runs',
    empty:
      "Each Train run is kept here: its curves stay in the charts beside the next run's, with what changed, and Restore brings its weights back.",
    nameOf: 'Name of {{name}}',
    show: 'Show {{name}} in the charts',
    shown: 'Shown in the charts: untick to hide',
    hidden: 'Hidden: tick to show in the charts',
    colourOf: 'Colour of {{name}}',
    colour: 'Its colour in the charts',
    current: 'current',
    currentTitle: "The charts' live lines and the weights on the canvas are this run's",
    restore: 'Restore',
    restoreTitle: "Put this run's final weights and settings back (one undo step)",
    restoreOtherGraph:
      "Put this run's final weights and settings back (one undo step); the graph has changed since this run and stays as it is",
    cannotRestore: 'Cannot restore: {{why}}',
    pauseFirst: 'pause training first',
    delete: 'Delete {{name}}',
    deleteTitle: 'Delete this run (undo brings it back)',
    notRestored: '{{name}} cannot be restored: {{why}}.',
    restored: 'Restored {{name}}: its weights and settings. Ctrl+Z undoes.',
    restoredOtherGraph: 'Restored {{name}}: its weights and settings (the graph stays as it is now). Ctrl+Z undoes.',
    loss: 'loss {{value}}',
    validation: '(val {{value}})',
    accuracy: '{{value}} %',
    versus: 'vs {{name}}:',
    same: 'same settings',
  },
  /** Why a kept run cannot be restored into the graph (src/renderer/src/editor/store.ts restoreProblem). */
  runRestore: {
    noSuchRun: 'no such run',
    notKept: 'its weights were not kept (the runs together were too large)',
    blockGone: "its block '{{block}}' is no longer in the graph",
    otherWeights: "block '{{block}}' has other weights now ({{name}}: {{now}}; the run's {{was}})",
    none: 'none',
  },
  /** The selected block's live numbers while training (NodeLive.tsx). */
  nodeLive: {
    title: 'Live',
    titleAfter_one: 'Live · after {{count}} step',
    titleAfter_other: 'Live · after {{count}} steps',
    outputs: 'outputs on the last batch',
    output: 'output',
  },
  /** Hints of the training session and of the blocks' `hint` (src/session/hints.ts, src/engine/blocks). */
  hints: {
    label: 'Hint:',
    ofUnits_one: 'of {{count}} unit',
    ofUnits_other: 'of {{count}} units',
    zeroOrOne: '0 or 1',
    saturatedWrong:
      '{{title}} saturated on the wrong side: {{share}} % of its outputs are near {{ends}} but far from their target, where its gradient almost vanishes',
    saturated_one:
      '{{title}} saturated: {{count}} {{of}} is stuck near {{ends}} for every row of the batch, where its gradient almost vanishes',
    saturated_other:
      '{{title}} saturated: {{count}} {{of}} are stuck near {{ends}} for every row of the batch, where their gradient almost vanishes',
    deadRelu_one: 'dead ReLU: {{count}} {{of}} outputs 0 for every row of the batch, so it gets no gradient',
    deadRelu_other: 'dead ReLU: {{count}} {{of}} output 0 for every row of the batch, so they get no gradient',
    vanishing: 'vanishing gradient: ‖∂L/∂W‖ is {{norm}} per weight, so {{block}} barely learns',
    exploding: 'exploding gradient: ‖∂L/∂W‖ is {{norm}} per weight; lower the learning rate',
    plateau_one:
      'the loss has not changed for {{count}} epoch (it stays at {{loss}}): if it should go lower, {{advice}}',
    plateau_other:
      'the loss has not changed for {{count}} epochs (it stays at {{loss}}): if it should go lower, {{advice}}',
    smallerPenalty: 'try a smaller {{penalty}}: the penalty keeps the weights near 0 (it is {{value}})',
    weightDecay: 'weight decay',
    l1Penalty: 'L1 penalty',
    largerLr: 'try a larger learning rate',
    largerLrOrAdam: 'try a larger learning rate or Adam',
  },
  /** The training session's own messages (src/session/session.ts, host.ts). */
  trainingSession: {
    stopped: 'training stopped: {{reason}}',
    error: '{{reason}}',
    noSession: 'no training session: load data and a valid graph first',
    noData: 'the training worker has no data set of version {{version}}',
    weightsNotSet: 'weights not set: {{problem}}',
    noBlock: "there is no block '{{block}}' in the graph being trained",
    noWeight: "block '{{block}}' has no weight {{name}} ({{has}})",
    itHas: 'it has {{names}}',
    itHasNone: 'it has no weights',
    noIndex_one:
      "{{name}}[{{index}}] of block '{{block}}' does not exist ({{name}} has {{count}} value, indices 0 to {{last}})",
    noIndex_other:
      "{{name}}[{{index}}] of block '{{block}}' does not exist ({{name}} has {{count}} values, indices 0 to {{last}})",
    notFinite: "{{name}}[{{index}}] of block '{{block}}': {{value}} is not a finite number",
    tooLarge:
      "{{name}}[{{index}}] of block '{{block}}': {{value}} is beyond the largest weight training can hold (±3.4e38)",
    notLinearRegression: 'this graph is not linear regression ({{input}} → {{linear}} → {{mse}})',
  },
} satisfies Catalogue;
