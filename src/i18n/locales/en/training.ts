/** English: the training part of the catalogue (its own top-level groups; see ../en.ts). */
import type { Catalogue } from '../../index.js';

export const trainingMessages = {
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
} satisfies Catalogue;
