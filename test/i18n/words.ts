/**
 * Which Latin words a Russian reader may meet: names of things, units and formula symbols that
 * stay as they are in every language. Shared by the source check (literals.test.ts) and the
 * browser sweep of the Russian app (test/e2e/russian.test.ts).
 */
export const KEPT: ReadonlySet<string> = new Set(
  [
    'Backprop',
    'Studio',
    'ONNX',
    'PyTorch',
    'NumPy',
    'CSV',
    'JSON',
    'PNG',
    'SVG',
    'SGD',
    'Adam',
    'AdamW',
    'ReLU',
    'MSE',
    'MAE',
    'BCE',
    'NLL',
    'XOR',
    'AND',
    'OR',
    'NOT',
    'NAND',
    'L1',
    'L2',
    'lr',
    'tanh',
    'softmax',
    'onehot',
    'argmax',
    'exp',
    'log',
    'ln',
    'max',
    'min',
    'sign',
    'batch',
    // Parameter and port names in formulas (W [out × in]).
    'in',
    'out',
    'Ctrl',
    'Shift',
    'Alt',
    'Enter',
    'Esc',
    'Tab',
    'Del',
    'Cmd',
    // Names said as they are in Russian too: a language's own name, block and tool names.
    'English',
    'Leaky',
    'onnxruntime',
    'nn',
    'Module',
    'RMSE',
    'RMS',
    'Momentum',
    // Key names, as the keyboard says them.
    'Delete',
    'Backspace',
    'Space',
    // Latin names of species (the iris data set's classes).
    'setosa',
    'versicolor',
    'virginica',
    // The data source syntax of documents (builtin:xor) and a run's seed, as Russian ML texts say it.
    'builtin',
    'seed',
    // A citation (Efron et al., 2004).
    'Efron',
    'et',
    'al',
    // Function names and products in formulas.
    'wx',
    'mean',
    'sum',
    'std',
    'sin',
    'cos',
  ].map((w) => w.toLowerCase()),
);

/** The words of `text` a Russian reader would meet in English (none for a translated text). */
export function englishWords(text: string): string[] {
  const words = text.match(/[A-Za-z][A-Za-z0-9]+/g) ?? [];
  return words.filter((w) => !KEPT.has(w.toLowerCase()) && /[a-z]{2}|[A-Z]{2}/.test(w));
}
