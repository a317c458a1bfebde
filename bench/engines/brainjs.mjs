/**
 * brain.js 2.0 β: its NeuralNetwork class (plain JS on Float32Arrays), trained as brain.js trains:
 * one sample at a time (it has no mini-batches), plain SGD (momentum 0) at the workload's rate.
 * It applies one activation to every layer, output included (ReLU for W1/W3, tanh for W2), and
 * its loss is its own mean squared error, so its losses are not comparable to the others'.
 */
import brain from 'brain.js';
import { initialWeights } from '../lib/workloads.mjs';

export function prepare(w, data) {
  const inputs = w.sizes[0];
  const outputs = w.sizes.at(-1);
  const samples = [];
  for (let r = 0; r < w.samples; r++) {
    const output = new Float32Array(outputs);
    if (w.output === 'softmax') output[data.y[r]] = 1;
    else output[0] = data.y[r];
    samples.push({ input: data.x.slice(r * inputs, (r + 1) * inputs), output });
  }
  const init = initialWeights(w);
  return {
    start: () => {
      const net = new brain.NeuralNetwork({
        inputSize: inputs,
        hiddenLayers: w.sizes.slice(1, -1),
        outputSize: outputs,
        activation: w.hidden,
      });
      net.initialize();
      net.updateTrainingOptions({ activation: w.hidden, learningRate: w.lr });
      // Plain SGD: brain.js's option check refuses momentum 0, so it is set after the check.
      net.trainOpts.momentum = 0;
      init.forEach((l, k) => {
        for (let o = 0; o < l.outputs; o++) net.weights[k + 1][o].set(l.W.subarray(o * l.inputs, (o + 1) * l.inputs));
        net.biases[k + 1].set(l.b);
      });
      return net;
    },
    // brain.js's own epoch (what its train() runs each iteration): every sample forward, back
    // and update, returning the mean of its per-sample errors before each update.
    run: (net) => Array.from({ length: w.epochs }, () => net.calculateTrainingError(samples)),
  };
}
