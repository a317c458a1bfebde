/** English: the diagnostics of data, documents, imports and solving, by key (spread into `diagnostics` of ../en.ts). */
import type { Catalogue } from '../../index.js';

export const engineMessages = {
  // data: csv.ts, data.ts, datasets/source.ts
  csv: {
    utf16: 'this file is UTF-16 text; save it as UTF-8 (in a spreadsheet: Save As → “CSV UTF-8”)',
    zip: 'this is a zip archive (a spreadsheet workbook such as .xlsx?), not CSV text; save the sheet as CSV UTF-8',
    nul: 'the file holds NUL bytes, so it is not CSV text (a binary file, or text in another encoding); save it as CSV UTF-8',
    empty: 'the file is empty: a header row with column names is needed',
    headerNumbers: 'the first line must name the columns (a header row), but it holds only numbers: {{numbers}}',
    emptyName: 'the header has an empty column name',
    duplicateName: "column name '{{name}}' appears twice (also column {{other}})",
    rowCells: 'the row has {{cells}} cells but the header has {{columns}} columns',
    tooLarge: '{{cell}} is too large to be a finite number',
    notFinite: '{{cell}} is not allowed: every value must be a finite number',
    noRows: 'the file has a header but no data rows',
    mixedDecimals:
      'the column mixes decimal points (line {{dotLine}}: {{dot}}) and decimal commas (line {{commaLine}}: {{comma}}); write its numbers one way',
    readAsClasses_one:
      'the column is read as classes, since {{text}} of its {{total}} values are text ({{examples}}); its {{count}} number become classes too. If the text marks missing values, read the column as numbers',
    readAsClasses_other:
      'the column is read as classes, since {{text}} of its {{total}} values are text ({{examples}}); its {{count}} numbers become classes too. If the text marks missing values, read the column as numbers',
    more_one: '… and {{count}} more problems',
    more_other: '… and {{count}} more problems',
    allMissing: 'every one of the {{rows}} rows has a missing value, so dropping them leaves no data',
    dropped_one: 'dropped {{count}} row with missing values (line {{lines}}); {{kept}} remain',
    dropped_other: 'dropped {{count}} rows with missing values (lines {{lines}}); {{kept}} remain',
    noClassToFill: 'the column has no values to fill its missing ones with',
    noMean: 'the column has no numbers to take the mean of',
    filledOneRow_one: 'filled {{count}} missing value in {{rows}} row: {{fills}}',
    filledOneRow_other: 'filled {{count}} missing values in {{rows}} row: {{fills}}',
    filled_one: 'filled {{count}} missing value in {{rows}} rows: {{fills}}',
    filled_other: 'filled {{count}} missing values in {{rows}} rows: {{fills}}',
    unclosedQuote: 'a quoted cell that starts on this line is never closed (a missing ")',
    writtenClasses:
      'the column is read as classes, but {{cells}} of its {{text}} text values look like numbers written with {{writing}} ({{examples}}); choose to read the column as numbers to take them so',
    writtenClassesGroupCommaFile:
      "the column is read as classes, but {{cells}} of its {{text}} text values look like numbers written with {{writing}} ({{examples}}); choose to read the column as numbers to take them so; the file does not show whether '{{mark}}' groups digits or marks decimals, so it is taken to group digits, as is usual in comma-separated files",
    writtenClassesGroupSemicolonFile:
      "the column is read as classes, but {{cells}} of its {{text}} text values look like numbers written with {{writing}} ({{examples}}); choose to read the column as numbers to take them so; the file does not show whether '{{mark}}' groups digits or marks decimals, so it is taken to group digits, as is usual in semicolon- and tab-separated files",
    writtenClassesDecimalCommaFile:
      "the column is read as classes, but {{cells}} of its {{text}} text values look like numbers written with {{writing}} ({{examples}}); choose to read the column as numbers to take them so; the file does not show whether '{{mark}}' groups digits or marks decimals, so it is taken for the decimal mark, as is usual in comma-separated files",
    writtenClassesDecimalSemicolonFile:
      "the column is read as classes, but {{cells}} of its {{text}} text values look like numbers written with {{writing}} ({{examples}}); choose to read the column as numbers to take them so; the file does not show whether '{{mark}}' groups digits or marks decimals, so it is taken for the decimal mark, as is usual in semicolon- and tab-separated files",
    writtenMissing:
      "{{cells}} of the column's values look like numbers written with {{writing}} ({{examples}}) and count as missing values; choose to read the column as numbers to take them so",
    writtenMissingGroupCommaFile:
      "{{cells}} of the column's values look like numbers written with {{writing}} ({{examples}}) and count as missing values; choose to read the column as numbers to take them so; the file does not show whether '{{mark}}' groups digits or marks decimals, so it is taken to group digits, as is usual in comma-separated files",
    writtenMissingGroupSemicolonFile:
      "{{cells}} of the column's values look like numbers written with {{writing}} ({{examples}}) and count as missing values; choose to read the column as numbers to take them so; the file does not show whether '{{mark}}' groups digits or marks decimals, so it is taken to group digits, as is usual in semicolon- and tab-separated files",
    writtenMissingDecimalCommaFile:
      "{{cells}} of the column's values look like numbers written with {{writing}} ({{examples}}) and count as missing values; choose to read the column as numbers to take them so; the file does not show whether '{{mark}}' groups digits or marks decimals, so it is taken for the decimal mark, as is usual in comma-separated files",
    writtenMissingDecimalSemicolonFile:
      "{{cells}} of the column's values look like numbers written with {{writing}} ({{examples}}) and count as missing values; choose to read the column as numbers to take them so; the file does not show whether '{{mark}}' groups digits or marks decimals, so it is taken for the decimal mark, as is usual in semicolon- and tab-separated files",
    notANumber: "'{{text}}' is not a number",
    notANumberAsWritten:
      "'{{text}}' is not a number as written (with {{writing}} it is {{value}}: choose to read the column as numbers to take it so)",
    emptyCell: 'the cell is empty; every cell needs a value',
    marker: "'{{marker}}' marks a missing value; every cell needs a value",
  },
  dataBinding: {
    inputColumnsMissing_one:
      "input '{{id}}' asks for column {{columns}}, which the data '{{data}}' does not have (it has {{has}})",
    inputColumnsMissing_other:
      "input '{{id}}' asks for columns {{columns}}, which the data '{{data}}' does not have (it has {{has}})",
    targetColumnsMissing_one:
      "target '{{id}}' asks for column {{columns}}, which the data '{{data}}' does not have (it has {{has}})",
    targetColumnsMissing_other:
      "target '{{id}}' asks for columns {{columns}}, which the data '{{data}}' does not have (it has {{has}})",
    inputTooFew_one:
      "shape mismatch: input '{{id}}' takes {{size}} columns (params.size) but the data '{{data}}' has {{count}} feature column ({{columns}})",
    inputTooFew_other:
      "shape mismatch: input '{{id}}' takes {{size}} columns (params.size) but the data '{{data}}' has {{count}} feature columns ({{columns}})",
    inputNoFeatures:
      "shape mismatch: input '{{id}}' takes {{size}} columns (params.size) but the data '{{data}}' has 0 feature columns",
    targetTooFew_one:
      "shape mismatch: target '{{id}}' takes {{size}} columns (params.size) but the data '{{data}}' has {{count}} target column left",
    targetTooFew_other:
      "shape mismatch: target '{{id}}' takes {{size}} columns (params.size) but the data '{{data}}' has {{count}} target columns left",
    inputTakesFewer_one:
      "shape mismatch: the input block '{{id}}' takes {{count}} column (params.size) but the data '{{data}}' has {{features}} feature columns ({{columns}})",
    inputTakesFewer_other:
      "shape mismatch: the input block '{{id}}' takes {{count}} columns (params.size) but the data '{{data}}' has {{features}} feature columns ({{columns}})",
    inputsTakeFewer_one:
      "shape mismatch: the input blocks take {{count}} column (params.size) but the data '{{data}}' has {{features}} feature columns ({{columns}})",
    inputsTakeFewer_other:
      "shape mismatch: the input blocks take {{count}} columns (params.size) but the data '{{data}}' has {{features}} feature columns ({{columns}})",
    notClassIndex:
      "target {{value}} is not a class index of loss '{{id}}', which has {{classes}} classes (0 … {{last}})",
    outsideUnit: "target {{value}} is outside [0, 1], which {{block}} '{{id}}' needs",
    tooLargeInput:
      '{{value}} is too large for the 32-bit numbers training computes with (at most ±3.4e38): rescale the column (other units) or standardise the inputs',
    tooLargeStandardized:
      '{{value}} is too large for the 32-bit numbers training computes with (at most ±3.4e38 after standardising): its column spreads too widely even standardised; rescale it',
    tooLargeTarget:
      '{{value}} is too large for the 32-bit numbers training computes with (at most ±3.4e38): rescale the target column (other units)',
  },
  dataSource: {
    unknownSet: "there is no built-in data set '{{name}}'; the built-in sets are {{names}}",
    unknownOption: "unknown option '{{option}}'; built-in sets take {{options}}",
    fixedSet: 'builtin:{{name}} is fixed data and takes no options (only generated sets such as circle do)',
    noise: "noise must be a number ≥ 0, got '{{got}}'",
    samples: "samples must be a whole number ≥ 1, got '{{got}}'",
    seed: "seed must be a whole number, got '{{got}}'",
    noSuchSet: "there is no built-in data set '{{name}}'",
  },
  // —
  // files: format.ts, least-squares.ts, runtime.ts, diagnostics.ts (internalError), interop/
  /** A document that cannot be read (format.ts). */
  document: {
    notObject: {
      array: 'expected a JSON object, got an array',
      null: 'expected a JSON object, got null',
      other: 'expected a JSON object, got {{type}}',
    },
    depth:
      'the document nests arrays and objects more than {{max}} levels deep; a graph document needs about {{usual}}',
    proto: 'the key "__proto__" is not allowed in a document',
    format: {
      missing: 'not a Backprop Studio graph: "format" must be "{{format}}"',
      wrong: 'not a Backprop Studio graph: "format" must be "{{format}}", got {{got}}',
    },
    version: '"version" must be a whole number ≥ 1, got {{got}}',
    newer:
      'this document is format version {{version}}, newer than this app understands ({{current}}); update Backprop Studio to open it',
    blocks_one: 'the graph has {{count, number}} block; at most {{max, number}} are allowed',
    blocks_other: 'the graph has {{count, number}} blocks; at most {{max, number}} are allowed',
    edges_one: 'the graph has {{count, number}} edge; at most {{max, number}} are allowed',
    edges_other: 'the graph has {{count, number}} edges; at most {{max, number}} are allowed',
    /** A field of the wrong kind: zod's message, or the schema's own; in a node or an edge. */
    schema: {
      other: '{{issue}}',
      otherAtNode: "{{issue}} (node '{{id}}')",
      invalidType: 'Invalid input: expected {{expected}}, received {{received}}',
      invalidTypeAtNode: "Invalid input: expected {{expected}}, received {{received}} (node '{{id}}')",
      invalidTypeAtEdge: 'Invalid input: expected {{expected}}, received {{received}} (edge {{edge}})',
      invalidLiteralAtEdge: 'Invalid input: expected {{value}} (edge {{edge}})',
      invalidOption: 'Invalid option: expected one of {{values}}',
      tooSmall: 'Too small: expected {{origin}} to be {{relation}}{{bound}}',
      tooSmallAtNode: "Too small: expected {{origin}} to be {{relation}}{{bound}} (node '{{id}}')",
      tooSmallLength: 'Too small: expected {{origin}} to have {{relation}}{{bound}} {{unit}}',
      tooSmallLengthAtNode: "Too small: expected {{origin}} to have {{relation}}{{bound}} {{unit}} (node '{{id}}')",
      tooSmallLengthAtEdge: 'Too small: expected {{origin}} to have {{relation}}{{bound}} {{unit}} (edge {{edge}})',
      tooBig: 'Too big: expected {{origin}} to be {{relation}}{{bound}}',
      notFinite: 'must be a finite number, got {{got}}',
      notFiniteAtNode: "must be a finite number, got {{got}} (node '{{id}}')",
      notFiniteValueAtNode: "must be finite numbers, but value {{index}} is {{got}} (node '{{id}}')",
      base64AtNode: "is not float32 base64: {{error}} (node '{{id}}')",
      emptyIdAtNode: "a node id must not be empty (node '{{id}}')",
      colour: 'must be a colour written #rrggbb',
      interval: 'the interval must be two finite numbers [lo, hi] with lo < hi',
    },
  },
  /** Why the closed form (least squares, least-squares.ts) does not apply or cannot be solved. */
  solve: {
    losses_one:
      'no closed form: the graph has {{count}} losses ({{ids}}), so its objective is their sum. The closed form solves linear regression, a graph Input → Linear → MSE (with a Target); train this one by gradient descent',
    losses_other:
      'no closed form: the graph has {{count}} losses ({{ids}}), so its objective is their sum. The closed form solves linear regression, a graph Input → Linear → MSE (with a Target); train this one by gradient descent',
    notMse:
      "no closed form: the loss '{{id}}' ({{block}}) is not MSE; least squares minimises the mean squared error. The closed form solves linear regression, a graph Input → Linear → MSE (with a Target); train this one by gradient descent",
    notLinear:
      "no closed form: the prediction reaching '{{id}}' ({{block}}) comes from '{{source}}' ({{sourceBlock}}), not from a Linear block. The closed form solves linear regression, a graph Input → Linear → MSE (with a Target); train this one by gradient descent",
    notLinearActivation:
      "no closed form: the prediction reaching '{{id}}' ({{block}}) comes from '{{source}}' ({{sourceBlock}}), not from a Linear block: an activation makes the model non-linear. The closed form solves linear regression, a graph Input → Linear → MSE (with a Target); train this one by gradient descent",
    notInput:
      "no closed form: the Linear block '{{linear}}' is fed by '{{id}}' ({{block}}), not by an Input block; layers before it make the model non-linear in their weights. The closed form solves linear regression, a graph Input → Linear → MSE (with a Target); train this one by gradient descent",
    notTarget:
      "no closed form: the target of '{{id}}' ({{block}}) is '{{target}}' ({{targetBlock}}), not a Target block. The closed form solves linear regression, a graph Input → Linear → MSE (with a Target); train this one by gradient descent",
    tooLarge: {
      weight:
        '{{rows}} rows × {{unknowns}} unknowns per output ({{features}} weight) is too large a problem to solve in closed form here (at most {{work}} multiply-adds, rows × unknowns², and {{values}} design values, rows × unknowns); train it by gradient descent',
      weights:
        '{{rows}} rows × {{unknowns}} unknowns per output ({{features}} weights) is too large a problem to solve in closed form here (at most {{work}} multiply-adds, rows × unknowns², and {{values}} design values, rows × unknowns); train it by gradient descent',
      weightBias:
        '{{rows}} rows × {{unknowns}} unknowns per output ({{features}} weight and a bias) is too large a problem to solve in closed form here (at most {{work}} multiply-adds, rows × unknowns², and {{values}} design values, rows × unknowns); train it by gradient descent',
      weightsBias:
        '{{rows}} rows × {{unknowns}} unknowns per output ({{features}} weights and a bias) is too large a problem to solve in closed form here (at most {{work}} multiply-adds, rows × unknowns², and {{values}} design values, rows × unknowns); train it by gradient descent',
    },
    fewRows: {
      weight_one:
        '{{count}} row cannot determine {{unknowns}} unknowns per output ({{features}} weight): least squares has no unique solution with fewer rows than unknowns',
      weight_other:
        '{{count}} rows cannot determine {{unknowns}} unknowns per output ({{features}} weight): least squares has no unique solution with fewer rows than unknowns',
      weights_one:
        '{{count}} row cannot determine {{unknowns}} unknowns per output ({{features}} weights): least squares has no unique solution with fewer rows than unknowns',
      weights_other:
        '{{count}} rows cannot determine {{unknowns}} unknowns per output ({{features}} weights): least squares has no unique solution with fewer rows than unknowns',
      weightBias_one:
        '{{count}} row cannot determine {{unknowns}} unknowns per output ({{features}} weight and a bias): least squares has no unique solution with fewer rows than unknowns',
      weightBias_other:
        '{{count}} rows cannot determine {{unknowns}} unknowns per output ({{features}} weight and a bias): least squares has no unique solution with fewer rows than unknowns',
      weightsBias_one:
        '{{count}} row cannot determine {{unknowns}} unknowns per output ({{features}} weights and a bias): least squares has no unique solution with fewer rows than unknowns',
      weightsBias_other:
        '{{count}} rows cannot determine {{unknowns}} unknowns per output ({{features}} weights and a bias): least squares has no unique solution with fewer rows than unknowns',
    },
    /** A relation between the design's columns said in words (least-squares.ts). */
    relation: {
      zero: '{{column}} is 0 on every row',
      constant: '{{column}} is constant ({{relation}} on every row), so it cannot be told apart from the bias',
    },
    singular: {
      biasOne:
        'the design is singular: its {{unknowns}} columns (the inputs and the constant 1 of the bias) have rank {{rank}}, so infinitely many weights fit equally well: {{relations}}. Remove that column or collect more varied data',
      biasMany:
        'the design is singular: its {{unknowns}} columns (the inputs and the constant 1 of the bias) have rank {{rank}}, so infinitely many weights fit equally well: {{relations}}. Remove those columns or collect more varied data',
      noBiasOne:
        'the design is singular: its {{unknowns}} columns (the inputs) have rank {{rank}}, so infinitely many weights fit equally well: {{relations}}. Remove that column or collect more varied data',
      noBiasMany:
        'the design is singular: its {{unknowns}} columns (the inputs) have rank {{rank}}, so infinitely many weights fit equally well: {{relations}}. Remove those columns or collect more varied data',
    },
  },
  /** What a model loaded for predict() (runtime.ts) warns about, and rows it cannot take. */
  runtime: {
    unstored: 'no trained weights for {{ids}}: they start from params and training.seed, as in the app before training',
    standardize:
      'the document asks for standardised inputs but stores no statistics: each predict() call standardises with its own rows, as `backprop predict` does',
    rows: 'predict() takes an array of rows, got {{got}}',
    width_one: 'the row has {{count}} values but the model takes {{width}} ({{columns}})',
    width_other: 'the row has {{count}} values but the model takes {{width}} ({{columns}})',
    noColumn: "the row has no column '{{name}}' (the model takes {{columns}})",
    row: 'a row must be an array of numbers or an object of column values, got {{got}}',
    value: 'expected a finite number, got {{got}}',
  },
  /** An ONNX model that cannot be imported, and what its import adds (interop/onnx-import.ts). */
  onnxImport: {
    size: 'the model is {{bytes, number}} bytes; models over {{max, number}} bytes ({{mb}} MB, the size of the largest document) are not imported',
    tooLarge: 'the model is too large to import: {{error}}',
    notOnnx: 'not an ONNX model this app can read: {{error}}',
    noInput: 'the model has no graph input (every input is a stored weight)',
    unordered:
      "{{op}} node {{node}} reads '{{name}}', which no earlier node, input or initializer produces (the nodes must be in topological order)",
    node: '{{op}} node {{node}}: {{reason}}',
    nodeUnsupported: '{{op}} node {{node}}: not supported',
    outputUnproduced: "graph output '{{name}}' is produced by no node",
    noOutput: 'the model has no output to predict',
    unsupported_one: "unsupported ONNX operator '{{type}}' (node {{nodes}}) has no Backprop Studio block",
    unsupported_other: "unsupported ONNX operator '{{type}}' (nodes {{nodes}}) has no Backprop Studio block",
    unsupportedMore_one:
      "unsupported ONNX operator '{{type}}' (node {{nodes}}, … {{count}} in all) has no Backprop Studio block",
    unsupportedMore_other:
      "unsupported ONNX operator '{{type}}' (nodes {{nodes}}, … {{count}} in all) has no Backprop Studio block",
    unsupportedFirst_one:
      "unsupported ONNX operator '{{type}}' (node {{nodes}}) has no Backprop Studio block; supported operators: {{supported}}",
    unsupportedFirst_other:
      "unsupported ONNX operator '{{type}}' (nodes {{nodes}}) has no Backprop Studio block; supported operators: {{supported}}",
    unsupportedFirstMore_one:
      "unsupported ONNX operator '{{type}}' (node {{nodes}}, … {{count}} in all) has no Backprop Studio block; supported operators: {{supported}}",
    unsupportedFirstMore_other:
      "unsupported ONNX operator '{{type}}' (nodes {{nodes}}, … {{count}} in all) has no Backprop Studio block; supported operators: {{supported}}",
    inputKind: {
      sequence:
        "graph input '{{name}}' is a sequence of tensors; an Input block takes one [batch × columns] table of numbers",
      map: "graph input '{{name}}' is a map; an Input block takes one [batch × columns] table of numbers",
      optional:
        "graph input '{{name}}' is an optional value; an Input block takes one [batch × columns] table of numbers",
      sparse: "graph input '{{name}}' is a sparse tensor; an Input block takes one [batch × columns] table of numbers",
      unknown:
        "graph input '{{name}}' is a value of unknown type; an Input block takes one [batch × columns] table of numbers",
    },
    inputType: "graph input '{{name}}' holds {{type}} values; an Input block takes float (32-bit) or double features",
    inputTypeFloat:
      "graph input '{{name}}' holds {{type}} values; an Input block takes float (32-bit) or double features, so export the model in float32 (e.g. model.float() before torch.onnx.export)",
    inputRankHigh:
      "graph input '{{name}}' has rank {{rank}}; blocks work on [batch × columns] tables (rank 2), so flatten the input before exporting",
    inputRankLow:
      "graph input '{{name}}' has rank {{rank}}; blocks work on [batch × columns] tables (rank 2), so give the input a batch and a column dimension ([batch × n]) before exporting",
    inputColumns:
      "graph input '{{name}}' is declared with {{columns, number}} columns; an Input block gives at most {{max, number}}",
    columnsSymbol:
      "the number of columns of graph input '{{name}}' is unknown (its second dimension is the symbol '{{symbol}}') and no linear layer reading it tells: give the graph input a fixed second dimension",
    columnsNoSize:
      "the number of columns of graph input '{{name}}' is unknown (its second dimension has no size) and no linear layer reading it tells: give the graph input a fixed second dimension",
    columnsNoShape:
      "the number of columns of graph input '{{name}}' is unknown (it has no declared shape) and no linear layer reading it tells: give the graph input a fixed second dimension",
    columnsBlock: "the number of columns of '{{id}}' is unknown",
    foldedAfter: {
      steps:
        "{{steps}} (by a constant per column, on '{{source}}') is folded into the weights of '{{id}}' (W' = diag(scale)·W, b' = scale·b + shift): it computes the same",
    },
    foldedRaw:
      "the input normalisation of '{{source}}' (Sub/Div) is folded into the weights of {{layers}}: the graph takes raw features",
    foldedBefore:
      "{{steps}} (by a constant per column, on '{{source}}') is folded into the weights of {{layers}} (W' = W·diag(scale), b' = b + W·shift): they compute the same",
    asLayer: {
      normalizationOutput:
        "the input normalisation of '{{source}}' (Sub/Div) is an output of the model: it is the linear layer '{{id}}' (W = diag(1/std), b = −mean/std), which computes it exactly; it is frozen with its weights set by hand, since in the model they are constants (untick Frozen in the inspector to train it)",
      normalizationFeeds:
        "the input normalisation of '{{source}}' (Sub/Div) feeds {{readers}}: it is the linear layer '{{id}}' (W = diag(1/std), b = −mean/std), which computes it exactly; it is frozen with its weights set by hand, since in the model they are constants (untick Frozen in the inspector to train it)",
      stepsOutput:
        "{{steps}} (by a constant per column, on '{{source}}') is an output of the model: it is the linear layer '{{id}}' (W = diag(scale), b = shift), which computes it exactly; it is frozen with its weights set by hand, since in the model they are constants (untick Frozen in the inspector to train it)",
      stepsFeeds:
        "{{steps}} (by a constant per column, on '{{source}}') feeds {{readers}}: it is the linear layer '{{id}}' (W = diag(scale), b = shift), which computes it exactly; it is frozen with its weights set by hand, since in the model they are constants (untick Frozen in the inspector to train it)",
    },
    lossAdded: {
      mse: "an ONNX model has no loss: added '{{loss}}' (mean squared error) with Target '{{target}}' for prediction '{{prediction}}'; change it to suit your data",
      bce: "an ONNX model has no loss: added '{{loss}}' (binary cross-entropy, as the output is a sigmoid) with Target '{{target}}' for prediction '{{prediction}}'; change it to suit your data",
      nll: "an ONNX model has no loss: added '{{loss}}' (negative log-likelihood of a class index, as the output is a softmax) with Target '{{target}}' for prediction '{{prediction}}'; change it to suit your data",
    },
    /** A node's part named in a reason (`ctx.input(k, what)` and others), told where the reason names `{{what}}`. */
    part: {
      input: 'input',
      firstInput: 'first input',
      secondInput: 'second input',
      inputN: 'input {{whatIndex}}',
      constant: 'constant',
      shape: 'shape',
      threshold: 'threshold',
      inputA: 'input A',
      inputB: 'input B (the weight)',
      inputC: 'input C (the bias)',
      weight: 'its weight',
      weightB: 'its weight B',
      weightRows: 'the rows of its weight',
      gemmTakes: "Gemm's weight takes {{becauseIndex}}",
      comparison: 'a comparison result',
      castOfGreater: 'Cast(to = float) of a Greater (a step block)',
    },
    /** Why one node is refused (`{{reason}}` of `node`, told from `reasonKey`). */
    reason: {
      missing: 'its {{what}} is missing',
      constantInput: 'its {{what}} is a constant; {{op}} is supported on computed tensors only',
      pending: 'its {{what}} is {{pending}}; only {{needs}} is supported',
      invalid: 'its {{what}} could not be imported',
      computed: 'its {{what}} must be a constant (a weight), but it is computed',
      notFinite:
        "its {{what}} holds {{value}} (value {{index, number}} of {{length, number}}); weights and constants must be finite numbers within float32's range (±3.4e38)",
      notFiniteNamed:
        "its {{what}} '{{tensor}}' holds {{value}} (value {{index, number}} of {{length, number}}); weights and constants must be finite numbers within float32's range (±3.4e38)",
      params: 'it would be a {{type}} block with params.{{param}} {{issue}}',
      unknownType: 'it would be a {{type}} block with an unknown type',
      layer:
        '{{what}} has shape [{{dims}}]: a linear layer of {{inCols, number}} inputs and {{outCols, number}} outputs',
      layerNamed:
        "{{what}} '{{weightName}}' has shape [{{dims}}]: a linear layer of {{inCols, number}} inputs and {{outCols, number}} outputs",
      layerEmpty: '{{shape}}; a linear layer has at least one of each',
      layerColumns: '{{shape}}; a block takes and gives at most {{max, number}} columns',
      layerParameters:
        "{{shape}}; with it the weight matrices of the model's layers hold {{total, number}} values; a graph holds at most {{max, number}} trainable values",
      oneRow:
        "it combines '{{one}}', which has one row (declared [1 × n]), with the rows of '{{many}}'; ONNX would repeat that row over the batch (broadcasting), which no block does — declare the batch dimension of every input the same (e.g. dynamic)",
      shapeMismatch: "input '{{port}}' expects {{expected}} columns ({{mismatch}}) but gets {{got}}",
      sqrtComputed: 'a square root of a computed tensor has no block; only a square root of a constant is supported',
      reciprocalComputed:
        'a reciprocal of a computed tensor has no block; only a reciprocal of a constant is supported',
      castPending: 'cast of {{pending}} to {{type}}; only {{needs}} is supported',
      cast: 'cast to {{type}}; blocks compute with floats',
      flattenAxis: 'axis {{axis}}: only flattening a [batch × n] table into itself (axis 1) is supported',
      reshape: 'reshape to [{{dims}}]: only keeping a [batch × n] table as it is is supported',
      dropoutMask: 'its mask output is used; dropout is left out of an imported graph (it only acts during training)',
      transpose: 'only transposing a constant matrix is supported',
      twoComputed: {
        add: "adding two computed tensors ('{{first}}' and '{{second}}') has no block; only adding a constant (one value, or one per column) is supported",
        addOneRow:
          "adding two computed tensors ('{{first}}' and '{{second}}') has no block; only adding a constant (one value, or one per column) is supported — and '{{one}}' has one row (declared [1 × n]), which ONNX would repeat over the batch (broadcasting)",
        sub: "subtracting two computed tensors ('{{first}}' and '{{second}}') has no block; only subtracting a constant (one value, or one per column) is supported",
        subOneRow:
          "subtracting two computed tensors ('{{first}}' and '{{second}}') has no block; only subtracting a constant (one value, or one per column) is supported — and '{{one}}' has one row (declared [1 × n]), which ONNX would repeat over the batch (broadcasting)",
        mul: "multiplying two computed tensors ('{{first}}' and '{{second}}') has no block; only multiplying by a constant (one value, or one per column) is supported",
        mulOneRow:
          "multiplying two computed tensors ('{{first}}' and '{{second}}') has no block; only multiplying by a constant (one value, or one per column) is supported — and '{{one}}' has one row (declared [1 × n]), which ONNX would repeat over the batch (broadcasting)",
        div: "dividing two computed tensors ('{{first}}' and '{{second}}') has no block; only dividing by a constant (one value, or one per column) is supported",
        divOneRow:
          "dividing two computed tensors ('{{first}}' and '{{second}}') has no block; only dividing by a constant (one value, or one per column) is supported — and '{{one}}' has one row (declared [1 × n]), which ONNX would repeat over the batch (broadcasting)",
      },
      divideByComputed:
        "dividing a constant by a computed tensor ('{{block}}') has no block; only dividing by a constant is supported",
      constantShape_one:
        "the constant has shape [{{dims}}]; with '{{block}}' of {{count, number}} column only one value or one per column ({{shapes}}) is supported",
      constantShape_other:
        "the constant has shape [{{dims}}]; with '{{block}}' of {{count, number}} columns only one value or one per column ({{shapes}}) is supported",
      constantShapeNamed_one:
        "the constant '{{constant}}' has shape [{{dims}}]; with '{{block}}' of {{count, number}} column only one value or one per column ({{shapes}}) is supported",
      constantShapeNamed_other:
        "the constant '{{constant}}' has shape [{{dims}}]; with '{{block}}' of {{count, number}} columns only one value or one per column ({{shapes}}) is supported",
      divideByZero: 'it divides by zero (value {{index, number}} of the constant)',
      divideByZeroNamed: "it divides by zero (value {{index, number}} of the constant '{{constant}}')",
      columnsInput:
        "the number of columns of graph input '{{block}}' is unknown and its constant has one value: give the graph input a fixed second dimension",
      columns: "the number of columns of '{{block}}' is unknown",
      constantColumns:
        "the constant has {{size, number}} values, one per column of '{{block}}'; a block gives at most {{max, number}} columns",
      totalColumns:
        'the input normalisations and per-column constants of the model would hold {{size, number}} columns of values; the blocks of a graph give at most {{max, number}} columns in all',
      broadcast: 'its constants have shapes [{{first}}] and [{{second}}], which do not broadcast',
      constantNode: 'only numeric constants (value, value_float(s), value_int(s)) are supported',
      folded:
        "the constants computed from the model's weights (Transpose, Add/Sub/Mul/Div of constants) would hold more than {{max, number}} values, as many as a graph's trainable values may be",
      matmulWeight: 'its weight has shape [{{dims}}]; a linear layer needs a matrix',
      transA: 'transA = 1 (the batch along the columns) has no block',
      gemmWeight: 'its weight B has shape [{{dims}}], not a matrix',
      gemmBias: 'its bias C has shape [{{dims}}]; a bias needs [{{cols}}], [1, {{cols}}] or one value',
      tooManyInputs: {
        add: '{{inputs}} inputs; an add block takes at most {{max}}',
        concat: '{{inputs}} inputs; a concat block takes at most {{max}}',
      },
      softmaxAxis: "axis {{axis}}: only a softmax over each row's columns (axis 1 or −1) has a block",
      threshold_one: 'its threshold has {{count}} values; a step block has one threshold',
      threshold_other: 'its threshold has {{count}} values; a step block has one threshold',
      concatAxis: 'axis {{axis}}: only joining columns side by side (axis 1 or −1) has a block',
    },
    expectCols: "{{op}} node {{node}}: expects {{cols}} columns ({{because}}) but '{{block}}' has {{has}}",
    blocks: "the model makes more than {{max, number}} blocks (at '{{origin}}'); a graph has at most {{max, number}}",
    outputConstant: "graph output '{{name}}' is a constant, not a prediction",
    outputPending: "graph output '{{name}}' is {{pending}}, not a prediction",
    /** A normalisation or per-column constant kept as a layer that would pass the limit of trainable values. */
    layerLimit: {
      normalizationOutput:
        "the input normalisation of '{{source}}' (Sub/Div) is an output of the model, so it would be a linear layer of {{columns, number}} × {{columns, number}} columns; with it the weight matrices of the model's layers hold {{total, number}} values, and a graph holds at most {{max, number}} trainable values",
      normalizationFeeds:
        "the input normalisation of '{{source}}' (Sub/Div) feeds {{readers}}, so it would be a linear layer of {{columns, number}} × {{columns, number}} columns; with it the weight matrices of the model's layers hold {{total, number}} values, and a graph holds at most {{max, number}} trainable values",
      stepsOutput:
        "{{steps}} (by a constant per column, on '{{source}}') is an output of the model, so it would be a linear layer of {{columns, number}} × {{columns, number}} columns; with it the weight matrices of the model's layers hold {{total, number}} values, and a graph holds at most {{max, number}} trainable values",
      stepsFeeds:
        "{{steps}} (by a constant per column, on '{{source}}') feeds {{readers}}, so it would be a linear layer of {{columns, number}} × {{columns, number}} columns; with it the weight matrices of the model's layers hold {{total, number}} values, and a graph holds at most {{max, number}} trainable values",
    },
  },
  /** A bug of ours (diagnostics.ts `internalError`), naming the error. */
  internal: {
    onnxImport: 'the model could not be imported because of an internal error ({{error}})',
    onnxExport: 'the graph could not be exported to ONNX because of an internal error ({{error}})',
    pytorch: 'the graph could not be exported to PyTorch because of an internal error ({{error}})',
  },
  /** What an exported model leaves out or cannot hold (interop/signature.ts), for ONNX and PyTorch alike. */
  export: {
    standardize:
      'the document asks for standardised inputs but stores no statistics (it has not been trained): the exported model takes inputs that are already standardised',
    usesTarget:
      "the prediction {{uses}} depends on target '{{id}}': an exported model receives only the input features, so no prediction may use the targets",
    unused: "node '{{id}}' is left out: no loss's prediction depends on it",
    unstoredOne:
      "node '{{id}}' stores no trained weights: the export uses the initial weights drawn from params and training.seed {{seed}}, as the app would",
    unstoredMany:
      'nodes {{ids}} store no trained weights: the export uses the initial weights drawn from params and training.seed {{seed}}, as the app would',
  },
  onnxExport: {
    opset: 'the ONNX opset must be a whole number from {{min}} to {{max}}, got {{got}}',
    block: "node '{{id}}': {{block}} blocks cannot be exported to ONNX: {{reason}}",
    step: "step '{{id}}' is exported as Greater + Cast: exact for predictions, but ONNX training tools cannot learn through it (its gradient is zero, as in the app)",
  },
  pytorch: {
    block: "node '{{id}}': {{block}} blocks cannot be exported to PyTorch: {{reason}}",
  },
  /** Text that is not JSON (format.ts `locateJsonError`): what was expected, and the character met instead. */
  json: {
    unexpected: 'not valid JSON: unexpected {{char}}',
    value: 'not valid JSON: expected a value, unexpected {{char}}',
    valueEnd: 'not valid JSON: expected a value, unexpected end of file',
    name: 'not valid JSON: expected a property name in double quotes, unexpected {{char}}',
    nameEnd: 'not valid JSON: expected a property name in double quotes, unexpected end of file',
    colon: "not valid JSON: expected ':' after a property name, unexpected {{char}}",
    colonEnd: "not valid JSON: expected ':' after a property name, unexpected end of file",
    objectComma: "not valid JSON: expected ',' or '}' in an object, unexpected {{char}}",
    objectCommaEnd: "not valid JSON: expected ',' or '}' in an object, unexpected end of file",
    arrayComma: "not valid JSON: expected ',' or ']' in an array, unexpected {{char}}",
    arrayCommaEnd: "not valid JSON: expected ',' or ']' in an array, unexpected end of file",
    number: 'not valid JSON: bad number: unexpected {{char}}',
    after: 'not valid JSON: unexpected text after the end of the document: unexpected {{char}}',
    control: 'not valid JSON: control character inside a string (an unclosed quote?)',
    unicodeEscape: 'not valid JSON: bad \\u escape in a string',
    escape: 'not valid JSON: bad escape in a string',
    unterminated: 'not valid JSON: unterminated string',
    other: 'not valid JSON: {{error}}',
  },
} satisfies Catalogue;
