/** English: the data part of the catalogue (its own top-level groups; see ../en.ts). */
import type { Catalogue } from '../../index.js';

export const dataMessages = {
  /** The data panel (DataPanel.tsx). `<n>` wraps names kept as they are (columns, files). */
  dataPanel: {
    dataSet: 'data set',
    choose: '— choose —',
    loadCsv: 'Load CSV…',
    orDrop: 'or drop a .csv onto the window',
    missingFile: 'This graph was trained on “<n>{{name}}</n>”. Load that file again to keep training.',
    notLoaded: 'The file was not loaded:',
    samples: 'samples',
    noise: 'noise',
    seed: 'seed',
    noDataBlocks: 'Add an Input and a Target block to use this data.',
    validationSplit: 'validation split: {{percent}} % of rows held out',
    rows_one: '{{count}} row',
    rows_other: '{{count}} rows',
    columns_one: '{{count}} column',
    columns_other: '{{count}} columns',
    previewSize: '{{rows}} × {{columns}}',
    firstRowsColumns: '(the first {{rows}} and {{columns}} shown)',
    firstRows: '(the first {{count}} shown)',
    classes_one: '{{count}} class ({{names}})',
    classes_other: '{{count}} classes ({{names}})',
    asFeature: '{{column}} → feature',
    asTarget: '{{column}} → target',
    notUsed: '{{column}} (not used)',
    filled: 'filled in: the column’s mean (or most frequent class): {{value}}',
    decimalComma: 'Numbers with a decimal comma read in <n>{{columns}}</n>.',
    readAsClasses_one:
      'Column <n>{{column}}</n> is read as classes: {{text}} of its {{total}} values are text ({{examples}}), so its {{count}} number becomes a class too.',
    readAsClasses_other:
      'Column <n>{{column}}</n> is read as classes: {{text}} of its {{total}} values are text ({{examples}}), so its {{count}} numbers become classes too.',
    treatAsNumbers: 'Treat as numbers',
    example: '‘{{text}}’ = {{value}}',
    writtenAsClasses:
      'Column <n>{{column}}</n> is read as classes, but its values look like numbers written with {{how}}: {{examples}}.',
    writtenAsMissing_one:
      'In column <n>{{column}}</n>, {{count}} value looks like numbers written with {{how}} ({{examples}}) and counts as missing.',
    writtenAsMissing_other:
      'In column <n>{{column}}</n>, {{count}} values look like numbers written with {{how}} ({{examples}}) and count as missing.',
    writtenRead: 'Values written with {{how}} are read as such: {{examples}}.',
    guessGroup:
      'The file does not show whether ‘{{mark}}’ groups digits or marks decimals; it is taken to group digits, as is usual in such files.',
    guessDecimal:
      'The file does not show whether ‘{{mark}}’ groups digits or marks decimals; it is taken for the decimal mark, as is usual in such files.',
    readThemAsNumbers: 'Read them as numbers',
    readAsNumbers: 'Column <n>{{column}}</n> is read as numbers, as you chose: its text cells count as missing values.',
    backToClasses: 'Read as classes again',
    missingRefused_one: '{{count}} row has missing values (in <n>{{columns}}</n>). Choose what to do with it:',
    missingRefused_other: '{{count}} rows have missing values (in <n>{{columns}}</n>). Choose what to do with them:',
    drop_one: 'Drop the {{count}} row with missing values',
    drop_other: 'Drop the {{count}} rows with missing values',
    fill: 'Fill with the column mean',
    dropped_one: '{{count}} row with missing values dropped; {{kept}} remain.',
    dropped_other: '{{count}} rows with missing values dropped; {{kept}} remain.',
    filledNote: '{{cells}} in {{rows}} filled with the column mean (a class column: its most frequent class).',
    missingCells_one: '{{count}} missing value',
    missingCells_other: '{{count}} missing values',
    inRows_one: '{{count}} row',
    inRows_other: '{{count}} rows',
    fillInstead: 'Fill with the mean instead',
    dropInstead: 'Drop those rows instead',
    oneColumnAtLeast: 'A data block needs at least one column.',
    input: 'Input',
    target: 'Target',
    takes_one: '<b>{{block}}</b> <n>{{id}}</n> takes {{count}} column',
    takes_other: '<b>{{block}}</b> <n>{{id}}</n> takes {{count}} columns',
    byPosition: '(by position)',
  },
  /** How numbers are written in a column (describeWriting of the engine, in words). */
  writing: {
    groupedBy: 'digits grouped by {{by}}',
    spaces: 'spaces',
    apostrophes: 'apostrophes',
    decimalComma: 'a decimal comma',
    prefix: '‘{{mark}}’ before the number',
    suffix: '‘{{mark}}’ after it',
    and: '{{first}} and {{second}}',
  },
  /** The built-in data sets (engine/datasets), by name. */
  datasets: {
    and: { title: 'AND', description: 'Logic gate AND: y = 1 only when x1 = x2 = 1.' },
    or: { title: 'OR', description: 'Logic gate OR: y = 1 when x1 or x2 is 1.' },
    not: { title: 'NOT', description: 'Logic gate NOT: y = 1 − x.' },
    xor: {
      title: 'XOR',
      description: 'Logic gate XOR: y = 1 when exactly one input is 1. No single neuron can learn it.',
    },
    sine: {
      title: 'Sine',
      description: 'y = sin(x) at evenly spaced x on [−π, π] (plus optional noise): universal approximation in 1-D.',
    },
    circle: { title: 'Circle', description: 'Points inside a circle (label 1) and in a ring around it (label 0).' },
    spiral: { title: 'Spiral', description: 'Two interleaved spiral arms (labels 0 and 1).' },
    gaussians: {
      title: 'Two Gaussians',
      description: 'Two Gaussian clouds around (−1, −1) (label 0) and (1, 1) (label 1).',
    },
    digits: {
      title: 'Handwritten digits (8×8)',
      description: '1,797 handwritten digits as 8×8 pixel counts 0–16 (p0 … p63) with their label 0–9.',
    },
    iris: {
      title: 'Iris',
      description: '150 iris flowers: 4 measurements in cm and the species (setosa, versicolor, virginica).',
    },
  },
  /** The card of universal approximation by construction (ConstructionCard.tsx). */
  construction: {
    caption: 'Universal approximation by construction',
    what: '{{f}} on [{{lo}}, {{hi}}] as a staircase: each bump is two steep sigmoid units, σ(k(x − a)) − σ(k(x − b)), weighted by f(midpoint).',
    bumps: 'bumps N',
    bumpsHelp: 'How many bumps (intervals) divide the interval; the hidden layer gets 2N units. 1 to {{max}}.',
    steepness: 'steepness k',
    steepnessHelp:
      'The slope of every unit σ(k(x − a)): the larger, the sharper each bump’s edges. Above 0, at most {{max}}.',
    halveHelp: 'Halve {{what}}',
    doubleHelp: 'Double {{what}}',
    units_one: '{{count}} hidden unit',
    units_other: '{{count}} hidden units',
    widths: 'Each bump is {{h}} wide; each unit rises from 12 % to 88 % within {{rise}}.',
    blurred: 'The bumps blur into each other: make k at least {{k}} for sharp ones.',
    maxError: 'Largest error |t − y|:',
    maxErrorOn_one: 'Largest error |t − y| on {{count}} row:',
    maxErrorOn_other: 'Largest error |t − y| on {{count}} rows:',
    maxErrorHelp:
      'The uniform error the theorem bounds: the largest distance between the data (the function) and the network, over every row. It falls as N grows, with k steep enough.',
    pending: 'computing…',
    noData: 'Load the data to measure the error.',
    badBumps: 'N must be a whole number from 1 to {{max}}.',
    badSteepness: 'k must be a number above 0 and at most {{max}}.',
    cannot: 'This graph no longer holds the construction: {{why}}.',
  },
  /** The editor window (App.tsx). */
  workspace: {
    dropHint: 'Drop a .bps.json graph or an .onnx model to open it, or a .csv to train on it',
    notLoaded: '{{name}} was not loaded: see the Data panel.',
  },
  /** Reading a file the user picked or dropped (platform/read.ts). */
  fileRead: {
    tooLarge: '{{name}} is {{size}} MB; files over {{max}} MB are not opened',
  },
  /** Why a graph no longer holds its construction (src/engine/construction.ts). */
  constructionProblem: {
    hiddenNotLinear: "the hidden layer '{{id}}' is not a Linear block of this graph",
    outputNotLinear: "the output layer '{{id}}' is not a Linear block of this graph",
    hiddenNotFromInput: "the hidden layer '{{id}}' must be fed by an Input block",
    oneColumn: "the construction is for one input column; '{{input}}' gives {{count}}",
    outputNotFromSigmoid: "the output layer '{{id}}' must be fed by a Sigmoid (or Step) block",
    stepThreshold: "the Step block '{{id}}' must have threshold 0 (the units' biases set where they switch)",
    activationNotFromHidden: "the {{block}} block '{{id}}' must be fed by the hidden layer '{{hidden}}'",
    outputOneColumn: "the output layer '{{id}}' must have one output",
    outputBias: "the output layer '{{id}}' needs its bias",
    hiddenBias: "the hidden layer '{{id}}' needs its bias",
  },
} satisfies Catalogue;
