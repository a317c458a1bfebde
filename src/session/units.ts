/**
 * Every unit, visible: each block's outputs as functions of the input — over the input plane
 * for 2-D inputs (the thumbnails TensorFlow Playground draws on its neurons), as curves for 1-D
 * inputs — and the weights of the blocks small enough to draw as neurons. Computed in the
 * worker from the session's current weights; the UI only draws them.
 */
import type { CompiledGraph, Executor } from '../engine/index.js';
import type { UnitView } from './protocol.js';
import { predictRaw, range, type View } from './views.js';

/** A Linear block with at most this many inputs and units can be drawn as neurons. */
export const NEURON_LIMIT = 8;
/** Side of a unit's map over the input plane, and the points of a unit's curve. */
export const UNIT_GRID = 32;
export const UNIT_POINTS = 100;
/** Blocks with more units than this get no maps; at most this many units in all are mapped. */
export const MAX_BLOCK_UNITS = 16;
export const MAX_UNITS = 96;

/** The blocks whose units are mapped: computed from the input, neither data nor loss, with few units; in order of computation. */
export function mappedBlocks(graph: CompiledGraph, executor: Executor): CompiledGraph['nodes'] {
  const result: CompiledGraph['nodes'] = [];
  let units = 0;
  graph.nodes.forEach((node, n) => {
    if (!executor.inference[n] || node.def.source || node.def.category === 'loss') return;
    if (node.outputSize > MAX_BLOCK_UNITS || units + node.outputSize > MAX_UNITS) return;
    units += node.outputSize;
    result.push(node);
  });
  return result;
}

/** Each mapped block's units over the input plane (2-D input) or line (1-D input); nothing for other inputs. */
export function unitView(view: View): UnitView | undefined {
  const inputs = view.trainer.data.inputs;
  if (inputs.length !== 1) return undefined;
  const cols = inputs[0].columns.length;
  if (cols !== 1 && cols !== 2) return undefined;
  const blocks = mappedBlocks(view.trainer.graph, view.executor);
  if (blocks.length === 0) return undefined;
  const x = range(view, 0);
  if (cols === 1) {
    const xs = Float32Array.from({ length: UNIT_POINTS }, (_, i) => x[0] + ((x[1] - x[0]) * i) / (UNIT_POINTS - 1));
    predictRaw(view, UNIT_POINTS, (r) => xs[r]);
    return { kind: 'curve', size: UNIT_POINTS, x, xs, blocks: blockValues(view.executor, blocks, UNIT_POINTS) };
  }
  const y = range(view, 1);
  predictRaw(view, UNIT_GRID * UNIT_GRID, (r, c) => {
    const i = r % UNIT_GRID;
    const j = Math.floor(r / UNIT_GRID);
    return c === 0 ? x[0] + ((i + 0.5) / UNIT_GRID) * (x[1] - x[0]) : y[1] - ((j + 0.5) / UNIT_GRID) * (y[1] - y[0]);
  });
  return { kind: 'plane', size: UNIT_GRID, x, y, blocks: blockValues(view.executor, blocks, UNIT_GRID * UNIT_GRID) };
}

/** The executor's outputs of `blocks` for its `points` rows, unit-major (one unit's values together). */
function blockValues(executor: Executor, blocks: CompiledGraph['nodes'], points: number): UnitView['blocks'] {
  const result: UnitView['blocks'] = {};
  for (const node of blocks) {
    const out = executor.output(node.id);
    const units = out.cols;
    const values = new Float32Array(units * points);
    let min = Infinity;
    let max = -Infinity;
    for (let r = 0; r < points; r++) {
      for (let u = 0; u < units; u++) {
        const v = out.data[r * units + u];
        values[u * points + r] = v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    result[node.id] = { units, values, min: Number.isFinite(min) ? min : 0, max: Number.isFinite(max) ? max : 0 };
  }
  return result;
}

/** The weights of the Linear blocks small enough to draw as neurons, copied for a report. */
export function smallWeights(graph: CompiledGraph, executor: Executor): Record<string, Record<string, Float32Array>> {
  const result: Record<string, Record<string, Float32Array>> = {};
  for (const node of graph.nodes) {
    if (node.def.type !== 'linear') continue;
    const weights = executor.nodeWeights(node.id);
    const W = weights.W;
    if (!W || W.shape[0] > NEURON_LIMIT || W.shape[1] > NEURON_LIMIT) continue;
    result[node.id] = Object.fromEntries(
      Object.entries(weights).map(([name, p]) => [name, Float32Array.from(p.value)]),
    );
  }
  return result;
}
