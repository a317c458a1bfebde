/** English: the output part of the catalogue (its own top-level groups; see ../en.ts). */
import type { Catalogue } from '../../index.js';

export const outputMessages = {
  /** The output view (OutputView.tsx): the heatmap, the fitted curve, the large unit, the confusion matrix. */
  outputView: {
    empty: 'Load data and press Train (or Step) to see what the network computes.',
    nothing:
      'The output view shows 2-D inputs as a heatmap, 1-D regression as a curve, and classification as a confusion matrix.',
    boundary: {
      probability: 'Output p over (<name>{{features}}</name>)',
      value: 'Predicted <name>{{target}}</name> over (<name>{{features}}</name>), points: true <name>{{target}}</name>',
      classes: 'Predicted class over (<name>{{features}}</name>), brighter where surer',
    },
    gradientSizes: {
      toggle: 'size by ‖∂Lᵢ/∂w‖',
      help: 'Size the points by their gradient. Each point is drawn with an area proportional to the gradient of its own loss: the examples that drive the update are the big ones',
      legend:
        'Point area ∝ ‖∂Lᵢ/∂w‖ (largest {{largest}}). Confidently right points barely move the weights; wrong ones move them most.',
      firstRows_one: 'Only the first {{count}} of {{total}} rows is sized.',
      firstRows_other: 'Only the first {{count}} of {{total}} rows are sized.',
    },
    unit: {
      title: 'Unit {{unit}} of <name>{{block}}</name>',
      plane: 'Its output over the input plane (<name>{{features}}</name>), as the plot beside it.',
      curve: 'Its output as a function of <name>{{feature}}</name>; dashed: 0.',
      range: '{{min}} (blue) … {{max}} (orange) in this block',
      curveRange: '{{min}} … {{max}} in this block',
      close: 'Let go of this unit (or click its thumbnail again)',
      hovered: 'Click the thumbnail to keep this unit here.',
    },
    curve: {
      title: 'Fitted curve over the data',
      units: 'hidden units’ contributions w·h(x)',
      data: 'data',
      network: 'network',
      networkOfRun: 'network ({{run}})',
      unit: 'unit {{unit}}',
      closedForm: 'closed form (least squares)',
    },
    confusion: {
      validation: 'Confusion matrix (validation rows): {{correct}} of {{total}} correct ({{percent}} %)',
      training: 'Confusion matrix (training rows): {{correct}} of {{total}} correct ({{percent}} %)',
      corner: 'true ↓ / predicted →',
    },
  },
  /** The thumbnails of each unit on its block (UnitMaps.tsx). */
  unitMaps: {
    thumb: 'Unit {{unit}}: its output over the input. Hover to see it large in Output, click to keep it there',
    pinned: 'Unit {{unit}}, shown in Output (click again to let go)',
  },
  /** A small Linear block drawn as neurons (NeuronView.tsx). */
  neurons: {
    title: '{{node}} as neurons',
    line: '{{weight}}: from input {{from}} to unit {{unit}}',
    bias: '{{weight}}: bias of unit {{unit}}',
    hint: 'Click a line (a weight) or a unit (its bias) to edit it',
    canvasHint: 'Click a line or a unit to edit its weight',
  },
  /** A block on the canvas (BlockNode.tsx). */
  blockNode: {
    unknown: 'Unknown block “{{type}}”',
    id: 'block id {{id}}',
  },
  /** Step-through backprop (StepThrough.tsx, and the session's src/session/trace.ts). */
  stepThrough: {
    label: 'Step-through backprop',
    forward: '<b>Forward</b> step {{step}} of {{steps}}',
    backward: '<b>Backward</b> step {{step}} of {{steps}}',
    batch_one: 'batch of {{count}} row',
    batch_other: 'batch of {{count}} rows',
    back: '◀ Back',
    next: 'Next ▶',
    close: 'Close step-through',
    dotForward: 'forward {{node}}',
    dotBackward: 'backward {{node}}',
    chainRule: 'Chain rule at this block: ∂L/∂w = ∂L/∂y · ∂y/∂w and ∂L/∂x = ∂L/∂y · ∂y/∂x. Here:',
    linear:
      '(dW = dYᵀ·X: each weight’s gradient sums, over the batch, the output gradient times the input it multiplies)',
    identityTitle: 'At the logits, softmax and NLL together:',
    identityDetail:
      '— compare the tables p − onehot(t) and ∂L/∂y below: the backpropagated gradient differs from it by at most {{difference}}.',
    moreRows_one: '… {{count}} more row',
    moreRows_other: '… {{count}} more rows',
    /** The session's words (src/session/trace.ts). */
    outputOf: '{{port}} = output of {{node}}',
    backTo: '∂L/∂{{port}} (back to {{node}})',
    sourceRule_one: '{{rule}} ({{count}} row of the batch)',
    sourceRule_other: '{{rule}} ({{count}} rows of the batch)',
    identityRule: '∂L/∂y = (p − onehot(t)) / rows',
    perRow: '(p − onehot(t)) / rows',
  },
  /** How the truth table reads a prediction off an output (src/session/truth-table.ts). */
  truthRule: {
    cut: '{{hi}} when the output ≥ {{at}}, else {{lo}}',
    perOutput: 'per output, the nearer of its two target values',
    argmax: 'the class with the largest output',
    argmaxLogits: 'the class with the largest output (logit)',
  },
  /**
   * The blocks' forward and backward rules (src/engine/blocks `formula`, `messages.formula`): formulas
   * stay as they are, the words in them are translated. English says exactly what the definition says.
   */
  blockFormulas: {
    input: { forward: 'x = data[batch, features]', backward: '∂L/∂x is reported, not used' },
    target: { forward: 't = data[batch, targets]', backward: '—' },
    linear: {
      forward: 'y = x·Wᵀ + b',
      backward: '∂L/∂W = (∂L/∂y)ᵀ·x,  ∂L/∂b = Σ_rows ∂L/∂y,  ∂L/∂x = ∂L/∂y·W',
    },
    step: { forward: 'y = I[x > θ]', backward: '∂L/∂x = 0 (the step is flat almost everywhere)' },
    sigmoid: { forward: 'y = 1 / (1 + e^(−x))', backward: '∂L/∂x = ∂L/∂y · y(1 − y)' },
    tanh: { forward: 'y = tanh(x)', backward: '∂L/∂x = ∂L/∂y · (1 − y²)' },
    relu: { forward: 'y = max(0, x)', backward: '∂L/∂x = ∂L/∂y · I[x > 0]' },
    leaky_relu: { forward: 'y = x if x > 0 else α·x', backward: '∂L/∂x = ∂L/∂y · (1 if x > 0 else α)' },
    softmax: {
      forward: 'y_i = e^(x_i − max x) / Σ_k e^(x_k − max x)',
      backward: '∂L/∂x_i = y_i · (∂L/∂y_i − Σ_k ∂L/∂y_k · y_k)',
    },
    identity: { forward: 'y = x', backward: '∂L/∂x = ∂L/∂y' },
    add: { forward: 'y = x₀ + x₁ + …', backward: '∂L/∂xₖ = ∂L/∂y for every input k' },
    concat: { forward: 'y = [x₀ | x₁ | …]', backward: '∂L/∂xₖ = the columns of ∂L/∂y that came from xₖ' },
    mse: { forward: 'L = mean((t − y)²)', backward: '∂L/∂y = 2(y − t) / n' },
    mae: { forward: 'L = mean(|t − y|)', backward: '∂L/∂y = sign(y − t) / n' },
    asymmetric_mse: {
      forward: 'L = mean(δ²·(a·I[δ<0] + b·I[δ≥0])),  δ = t − y',
      backward: '∂L/∂y = −2δ·(a·I[δ<0] + b·I[δ≥0]) / n',
    },
    bce: {
      forward: 'L = mean(−t·log p − (1 − t)·log(1 − p));  from a sigmoid: mean(max(z, 0) − z·t + log(1 + e^(−|z|)))',
      backward: '∂L/∂p = (p − t) / (p(1 − p)) / n;  from a sigmoid: ∂L/∂z = (σ(z) − t) / n',
    },
    nll: {
      forward: 'L = −mean_rows Σ_c I[t = c]·log p_c;  from a softmax: log p_c = z_c − log Σ_k e^(z_k)',
      backward: '∂L/∂p_c = −I[t = c] / (p_c · rows);  from a softmax: ∂L/∂z = (p − onehot(t)) / rows',
    },
    cross_entropy: {
      forward: 'p = softmax(z),  L = −mean_rows log p[t]  (log-sum-exp)',
      backward: '∂L/∂z = (p − onehot(t)) / rows',
    },
  },
} satisfies Catalogue;
