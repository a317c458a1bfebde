/**
 * The three workloads of the benchmark contract (shared/bench/workloads.md): network, loss,
 * optimizer, batch size, seeded data and Glorot-uniform initial weights. Every engine gets the
 * same float32 data and the same float32 initial weights from here, so every correct mini-batch
 * engine prints the same loss per epoch.
 */
import { createRng, findBuiltin, CURRENT_VERSION, FORMAT } from '../../dist/engine/index.js';

/** @typedef {{ id: string, name: string, sizes: number[], hidden: 'relu'|'tanh', output: 'softmax'|'sigmoid', batch: number, samples: number, epochs: number, lr: number }} Workload */

/** @type {Record<string, Workload>} */
export const workloads = {
  W1: {
    id: 'W1',
    name: 'digits-mlp',
    sizes: [784, 128, 64, 10],
    hidden: 'relu',
    output: 'softmax',
    batch: 64,
    samples: 8192,
    epochs: 2,
    lr: 0.05,
  },
  W2: {
    id: 'W2',
    name: 'small-net',
    sizes: [2, 8, 8, 1],
    hidden: 'tanh',
    output: 'sigmoid',
    batch: 16,
    samples: 4096,
    epochs: 20,
    lr: 0.05,
  },
  W3: {
    id: 'W3',
    name: 'wide',
    sizes: [256, 512, 512, 10],
    hidden: 'relu',
    output: 'softmax',
    batch: 128,
    samples: 4096,
    epochs: 1,
    lr: 0.05,
  },
};

/** Trainable parameters: Σ (in·out + out). */
export const parameterCount = (w) => w.sizes.slice(1).reduce((s, out, l) => s + w.sizes[l] * out + out, 0);

/**
 * The data set: `x` row-major [samples × inputs] and `y` (a class index per row; for W2 the 0/1
 * label). W1 and W3: standard normal features and uniformly random labels from one seeded
 * generator; W2: the engine's seeded two-arm spiral.
 */
export function makeData(w) {
  const inputs = w.sizes[0];
  const x = new Float32Array(w.samples * inputs);
  const y = new Float32Array(w.samples);
  if (w.id === 'W2') {
    const spiral = findBuiltin('spiral').load({ samples: w.samples, seed: 2 });
    for (let r = 0; r < w.samples; r++) {
      x[2 * r] = spiral.values[3 * r];
      x[2 * r + 1] = spiral.values[3 * r + 1];
      y[r] = spiral.values[3 * r + 2];
    }
    return { x, y };
  }
  const rng = createRng(w.id === 'W1' ? 1 : 3);
  const classes = w.sizes.at(-1);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  for (let r = 0; r < w.samples; r++) y[r] = rng.int(classes);
  return { x, y };
}

/** Glorot-uniform weights W [out × in] (row-major) and zero biases per layer, rounded to float32. */
export function initialWeights(w) {
  const rng = createRng(1000 + Number(w.id.slice(1)));
  return w.sizes.slice(1).map((out, l) => {
    const inp = w.sizes[l];
    const limit = Math.sqrt(6 / (inp + out));
    const W = new Float32Array(out * inp);
    for (let i = 0; i < W.length; i++) W[i] = rng.uniform(-limit, limit);
    return { inputs: inp, outputs: out, W, b: new Float32Array(out) };
  });
}

/** The workload as a Backprop Studio graph document, initial weights stored in it. */
export function graphDocument(w, weights = initialWeights(w)) {
  const nodes = [{ id: 'x', type: 'input', params: { size: w.sizes[0] } }];
  const edges = [];
  let previous = 'x';
  weights.forEach((layer, l) => {
    const id = `dense${l + 1}`;
    nodes.push({
      id,
      type: 'linear',
      params: { in: layer.inputs, out: layer.outputs, init: 'xavier' },
      weights: {
        W: { shape: [layer.outputs, layer.inputs], data: Array.from(layer.W) },
        b: { shape: [layer.outputs], data: Array.from(layer.b) },
      },
    });
    edges.push({ source: previous, target: id, targetHandle: 'in' });
    previous = id;
    const last = l === weights.length - 1;
    if (!last || w.output === 'sigmoid') {
      const act = last ? 'sigmoid' : w.hidden;
      const aid = `${act}${l + 1}`;
      nodes.push({ id: aid, type: act });
      edges.push({ source: previous, target: aid, targetHandle: 'in' });
      previous = aid;
    }
  });
  nodes.push({ id: 'y', type: 'target', params: { size: 1 } });
  nodes.push({ id: 'loss', type: w.output === 'softmax' ? 'cross_entropy' : 'bce' });
  edges.push(
    { source: previous, target: 'loss', targetHandle: 'pred' },
    { source: 'y', target: 'loss', targetHandle: 'target' },
  );
  return {
    format: FORMAT,
    version: CURRENT_VERSION,
    name: `benchmark ${w.id} ${w.name}`,
    nodes,
    edges,
    training: {
      optimizer: 'sgd',
      lr: w.lr,
      batchSize: w.batch,
      epochs: w.epochs,
      seed: 1,
      shuffle: false,
      validationSplit: 0,
    },
  };
}

/** A float32 value in the fewest of 6…9 significant digits that read back as the same float32. */
function float32Text(v) {
  for (let digits = 6; digits < 9; digits++) {
    const text = v.toPrecision(digits);
    if (Math.fround(Number(text)) === v) return String(Number(text));
  }
  return String(Number(v.toPrecision(9)));
}

/** The data as CSV text (features x0…, label y), for the app's worker, which takes CSV. */
export function dataCsv(w, { x, y }) {
  const inputs = w.sizes[0];
  const lines = [[...Array.from({ length: inputs }, (_, i) => `x${i}`), 'y'].join(',')];
  for (let r = 0; r < w.samples; r++) {
    const cells = new Array(inputs + 1);
    for (let i = 0; i < inputs; i++) cells[i] = float32Text(x[r * inputs + i]);
    cells[inputs] = String(y[r]);
    lines.push(cells.join(','));
  }
  return lines.join('\n');
}
