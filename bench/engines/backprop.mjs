/** Backprop Studio's engine: the workload's graph document trained by the engine's Trainer. */
import { bindData, compileGraph, resolveTraining, Trainer } from '../../dist/engine/index.js';
import { graphDocument, initialWeights } from '../lib/workloads.mjs';

export const name = 'backprop-studio';

/** Everything set up once: graph, bound data (conversion excluded from the timing). */
export function prepare(w, data) {
  const doc = graphDocument(w, initialWeights(w));
  const compiled = compileGraph(doc);
  if (!compiled.ok) throw new Error(compiled.diagnostics.map((d) => d.message).join('\n'));
  const inputs = w.sizes[0];
  const values = new Float64Array(w.samples * (inputs + 1));
  for (let r = 0; r < w.samples; r++) {
    for (let i = 0; i < inputs; i++) values[r * (inputs + 1) + i] = data.x[r * inputs + i];
    values[r * (inputs + 1) + inputs] = data.y[r];
  }
  const columns = [...Array.from({ length: inputs }, (_, i) => `x${i}`), 'y'];
  const bound = bindData(compiled.graph, {
    name: w.name,
    columns,
    rows: w.samples,
    values,
    categories: {},
    targetColumns: ['y'],
  });
  if (!bound.ok) throw new Error(bound.diagnostics.map((d) => d.message).join('\n'));
  const config = resolveTraining(doc.training);
  return {
    /** A fresh trainer from the initial weights (not timed). */
    start: () => new Trainer(compiled.graph, bound.value, config),
    /** Trains the workload's epochs; returns the loss of each epoch. */
    run: (trainer) => {
      const losses = [];
      for (let e = 0; e < w.epochs; e++) losses.push(trainer.runEpoch().loss);
      return losses;
    },
  };
}
