/** English: the training part of the catalogue (its own top-level groups; see ../en.ts). */
import type { Catalogue } from '../../index.js';

export const trainingMessages = {
  /** The Training tab's settings: TrainingPanel.tsx. */
  trainingPanel: {
    optimizer: 'optimizer',
    optimizers: {
      sgd: 'SGD  (w ← w − η∇L)',
      momentum: 'SGD with momentum',
      adam: 'Adam',
      adamw: 'AdamW (Adam, decoupled weight decay)',
    },
    lr: 'learning rate η',
    momentum: 'momentum μ',
    batchSize: 'batch size',
    allRows: 'all rows',
    fullBatch: 'full batch',
    epochs: 'epochs',
    targetLoss: 'stop when the loss is below',
    targetLossHelp: 'Leave empty to train all epochs.',
    initSeed: 'init seed (initial weights)',
    initSeedHelp: 'Reset → Same seed starts again from identical weights.',
    dataSeed: 'data seed (validation split, shuffling)',
    dataSeedHelp: 'Keep it to compare initialisations on the same validation rows.',
    shuffle: 'shuffle rows every epoch',
    /** Why a typed value is not allowed (the document schema's limits, as src/engine/training-settings.ts words them). */
    regularization: {
      legend: 'Regularisation',
      weightDecayDecoupled: 'weight decay λ (decoupled)',
      weightDecayL2: 'weight decay λ (L2)',
      weightDecayDecoupledHelp: 'AdamW shrinks each weight matrix directly: <f>w ← w − η·λ·w</f> every step.',
      weightDecayL2Help:
        'Adds <f>λ·w</f> to the gradient of each weight matrix (the penalty <f>(λ/2)·Σw²</f>), as PyTorch’s <f>weight_decay</f>.',
      l1: 'L1 penalty λ₁',
      l1Help: 'Adds <f>λ₁·Σ|w|</f> to the loss: pulls weights to exactly 0. Biases are never penalised.',
    },
    schedule: {
      legend: 'Learning-rate schedule',
      label: 'schedule',
      constant: 'constant η',
      step: 'step: η × γ every N epochs',
      cosine: 'cosine: η → η_min',
      stepSize: 'every N epochs',
      gamma: 'multiply by γ',
      stepHelp: 'Epochs 1–{{size}} train with η = {{lr}}, the next {{size}} with {{next}}, …',
      tMax: 'over T_max epochs',
      tMaxPlaceholder: '{{epochs}} (the epochs)',
      etaMin: 'down to η_min',
      etaMinAbove: 'η_min is above η ({{lr}}): the rate rises to {{etaMin}} instead of falling.',
      cosineHelp: '<f>η_min + (η − η_min)·(1 + cos(π·epoch / {{period}})) / 2</f>, from {{lr}} down to {{etaMin}}.',
      constantHelp: 'Every epoch trains with the learning rate η above.',
    },
    earlyStopping: {
      legend: 'Early stopping',
      on: 'stop when the validation loss stops improving',
      needs: 'Needs validation rows to watch: set a validation split in the Data panel, or <hold>hold out 20 %</hold>.',
      noEffect:
        'Has no effect: it needs validation rows to watch: set a validation split in the Data panel, or <hold>hold out 20 %</hold>.',
      needsTooFew_one: 'Needs validation rows to watch, and {{count}} row is too few to hold some out.',
      needsTooFew_other: 'Needs validation rows to watch, and {{count}} rows are too few to hold some out.',
      noEffectTooFew_one:
        'Has no effect: it needs validation rows to watch, and {{count}} row is too few to hold some out.',
      noEffectTooFew_other:
        'Has no effect: it needs validation rows to watch, and {{count}} rows are too few to hold some out.',
      patience: 'patience (epochs without improvement)',
      minDelta: 'improvement of at least',
      minDeltaHelp: 'A validation loss counts as better when it is below the best so far by more than this.',
      restoreBest: 'go back to the best epoch’s weights when stopping',
    },
    flow: {
      heading: 'Show on the edges',
      label: 'Edge display',
      gradients: 'Gradients ∂L/∂x (backward)',
      activations: 'Activations (forward)',
      off: 'Off',
    },
    inside: {
      heading: 'Look inside',
      stepThrough: 'Step through backprop',
      stepThroughHelp: 'Walk one batch forward node by node, then backward, with every number',
      gradcheck: 'Gradient check',
      gradcheckHelp: 'Compare backprop with finite differences for every parameter',
    },
  },
  /** What the training client tells (src/renderer/src/training/client.ts): toasts, the early stop, its own problems. */
  trainingRun: {
    workerFailed: 'the training worker failed: {{message}}',
    noData: 'no data loaded: pick a built-in data set or load a CSV in the Data panel',
    reachedTarget_one: 'Reached the target loss after {{count}} epoch.',
    reachedTarget_other: 'Reached the target loss after {{count}} epochs.',
    /** A toast: the reason is `earlyStop` below. */
    stoppedEarly: 'Training {{reason}}.',
    earlyStop_one: 'stopped early at epoch {{epoch}}: no validation improvement for {{count}} epoch; {{kept}}',
    earlyStop_other: 'stopped early at epoch {{epoch}}: no validation improvement for {{count}} epochs; {{kept}}',
    keptBest: 'best weights from epoch {{epoch}} kept',
    keptLast: 'the last weights kept (the best validation loss was in epoch {{epoch}})',
  },
  /** A block's weights in the inspector: WeightEditor.tsx. */
  weightEditor: {
    heading: 'Weights',
    hand: 'Set by hand: Reset → “keep my weights” keeps them.',
    trained: 'As trained (saved with the graph).',
    initial: 'Training starts from these ({{init}}, seed {{seed}}); editing one makes them yours.',
    live: 'Live from the running session: an edit applies at once.',
    frozen: 'Frozen',
    frozenHelp: 'Training leaves this block’s weights exactly as they are; gradients still flow through it.',
    expand: 'Show as neurons on the canvas',
    unit: 'unit {{unit}}',
    input: 'input {{input}}',
    bias: 'bias',
    from: 'from input {{input}} to unit {{unit}}',
    biasOf: 'bias of unit {{unit}}',
    sliders: 'Sliders',
    rangeFrom: 'range from',
    rangeTo: 'range to',
    rangeInvalid: 'Not set: type a number, with the lower end below the upper end',
    selected: 'Selected weight',
    selectHint: 'Click a cell to select a weight and edit it.',
    unknownShape: 'Connect the block’s input to see and set its weights.',
  },
  /** A number field that can be dragged (weights): ScrubNumber.tsx. */
  scrubNumber: {
    invalid: 'not a number: type a value such as 0.5, -1 or 2e-3',
    hint: 'Type a value, or drag left/right to change it (Shift: fine steps)',
  },
  /** The handles on the panels' edges: Splitter.tsx. */
  splitter: {
    palette: 'Resize the block palette',
    sidebar: 'Resize the side panel',
    dock: 'Resize the bottom panel',
    collapsed: 'collapsed',
    pixels_one: '{{count}} pixel',
    pixels_other: '{{count}} pixels',
  },
  /** The gradient check tab: GradCheckPanel.tsx. */
  gradCheck: {
    intro:
      'Compares every gradient backprop computes with the numeric one, <formula>(L(w + ε) − L(w − ε)) / 2ε</formula>, on the current weights and the first rows of the training data, in double precision.',
    checking: 'Checking…',
    run: 'Run gradient check',
    agrees:
      '✔ Backprop agrees with finite differences: largest relative error {{error}} (tolerance {{tolerance}}, ε = {{eps}}).',
    disagrees:
      '✖ Backprop disagrees with finite differences: largest relative error {{error}} (tolerance {{tolerance}}, ε = {{eps}}).',
    node: 'node',
    parameter: 'parameter',
    maxError: 'max relative error',
    worst: 'worst element: backprop vs numeric',
    worstValues: '{{analytic}} vs {{numeric}}',
  },
  /** A loss block's inspector: LossInspector.tsx. */
  lossInspector: {
    shape: 'Loss shape',
    shapeOf: 'Loss shape: {{block}}',
    axisProbability: 'predicted probability of the true class',
    loss: 'loss of one example',
    derivativeLogit: '∂L/∂z (logit of the true class)',
    batch: 'examples of the last batch',
    helpDelta:
      'The loss and its derivative for one example as δ = t − y varies, with this block’s own settings. Dots: where the last batch’s examples are.',
    helpProbability:
      'The loss and its derivative for one example as the probability it gives the true class varies. Dots: where the last batch’s examples are.',
    top: 'Examples that drive the gradient',
    topHelp:
      'The training rows whose own loss has the largest gradient ‖∂Lᵢ/∂w‖ over all weights: a confidently right example contributes almost nothing, a wrong one the most.',
    row: 'row',
    inputs: 'inputs',
    target: 'target',
    prediction: 'prediction',
    waiting: 'Press Step or Train to see which examples drive the gradient.',
  },
  /** What is wrong with a value typed into a setting or a block's field (issue-text.ts). */
  valueProblem: {
    notNumber: 'not a number',
    atLeast: 'must be ≥ {{limit}}',
    above: 'must be > {{limit}}',
    atMost: 'must be ≤ {{limit}}',
    below: 'must be < {{limit}}',
    oneOf: 'must be one of {{values}}',
    whole: 'must be a whole number',
    other: 'is not allowed',
  },
} satisfies Catalogue;
