/** English: the charts part of the catalogue (its own top-level groups; see ../en.ts). */
import type { Catalogue } from '../../index.js';

export const chartsMessages = {
  /** The live charts (Charts.tsx): titles, axes, the live lines' labels, the description for screen readers. */
  charts: {
    epoch: 'epoch',
    training: 'training',
    validation: 'validation',
    penalty: 'training + penalty',
    gradientDescent: 'gradient descent',
    thisRun: 'this run',
    /** A run's line in the legend: its name (as the runs give it) and which line. */
    runLine: '{{run}} {{line}}',
    loss: { title: 'Loss', y: 'loss', saved: 'Saved the loss chart.' },
    accuracy: { title: 'Accuracy', y: 'accuracy %', saved: 'Saved the accuracy chart.' },
    gradients: {
      title: 'Gradient norm per layer ‖∂L/∂W‖',
      y: '‖∂L/∂W‖',
      saved: 'Saved the gradient norm chart.',
    },
    distance: {
      title: 'Distance to the closed form ‖θ − θ*‖',
      y: '‖θ − θ*‖',
      saved: 'Saved the distance chart.',
    },
    /** A line's last value, for screen readers: “training 0.25 at epoch 120”. */
    point: '{{line}} {{value}} at {{axis}} {{x}}',
    description: '{{title}}: {{lines}}. {{axis}} axis: {{ticks}}',
    separator: ', ',
    noValues: 'no values yet',
    export: 'Save this chart as a PNG image',
    pngFilter: 'PNG image',
  },
  /** Regression's views (RegressionViews.tsx). */
  regressionViews: {
    scatter: 'Predicted against actual',
    actual: 'actual {{name}}',
    predicted: 'predicted {{name}}',
    value: 'value',
    diagonal: 'perfect (y = t)',
    training: 'training',
    validation: 'validation',
    residuals: 'Residuals t − y',
    metrics: 'Errors',
    pooled_one: 'pooled over the {{count}} output',
    pooled_other: 'pooled over the {{count}} outputs',
    r2Help:
      'R² = 1 − Σ(t − y)² / Σ(t − t̄)²: the share of the targets’ variance the model explains (1 is perfect, 0 is no better than predicting the mean).',
    rows: 'rows',
    zero: 'dashed: t − y = 0',
  },
  /** Per-class metrics and the images of a classifier (ClassificationViews.tsx). */
  classViews: {
    metrics: { training: 'Per class (training rows)', validation: 'Per class (validation rows)' },
    class: 'class',
    precision: 'precision',
    recall: 'recall',
    rows: 'rows',
    precisionHelp: 'Precision: of the rows predicted as this class, the share that are.',
    recallHelp: 'Recall: of the rows of this class, the share found.',
    misclassified: {
      training: 'Misclassified training images: {{wrong}} of {{rows}}',
      validation: 'Misclassified validation images: {{wrong}} of {{rows}}',
    },
    firstShown_one: '(the first {{count}})',
    firstShown_other: '(the first {{count}})',
    none: {
      training: 'Every training image is classified right.',
      validation: 'Every validation image is classified right.',
    },
    caption: 'predicted <name>{{predicted}}</name> · true <name>{{actual}}</name>',
    captionLabel: 'predicted {{predicted}} · true {{actual}}',
    firstLayer: 'First layer’s weights as images (<name>{{node}}</name>): red positive, blue negative',
    unit: 'unit {{n}}',
    classUnit: 'class {{name}}',
  },
  /** “Solve exactly” and the closed-form card (ClosedForm.tsx). */
  closedForm: {
    button: 'Solve exactly',
    buttonTitle: 'Linear regression has a closed-form answer: the least-squares weights (normal equations XᵀX·β = XᵀT)',
    caption: 'Closed form: least squares, the normal equations XᵀX·β = XᵀT',
    parameter: 'parameter',
    trained: 'gradient descent',
    exact: 'closed form',
    difference: 'difference',
    solving: 'Solving…',
    lossAt: 'MSE at the closed form: {{training}} on the training rows.',
    lossAtBoth: 'MSE at the closed form: {{training}} on the training rows, {{validation}} on the validation rows.',
    lossNow: "Gradient descent's last epoch: {{loss}}.",
    distance: 'Distance ‖θ − θ*‖ = {{distance}}',
    untrained: 'Press Train: the Distance chart follows gradient descent as it approaches these weights.',
    more_one: '… {{count}} more parameter',
    more_other: '… {{count}} more parameters',
  },
  /** The gradient flow's colour scale under the canvas (GradientOverlay.tsx) and an edge's problem mark (FlowEdge.tsx). */
  flowLegend: {
    gradients: 'gradient flowing back, RMS of ∂L/∂x',
    activations: 'activation flowing forward, RMS',
    show: 'Show the colour scale: {{title}}',
    hide: 'Hide the colour scale',
    scale: 'Scale',
    edgeShape: '⚠ shape',
  },
} satisfies Catalogue;
