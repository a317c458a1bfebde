/**
 * For a classifier of small images (a square number of input columns named p0, p1, … — the
 * digits data set's 8×8 pixels): the misclassified validation images with their predicted and
 * true classes, and the first layer's weights, one image per unit.
 */
import { type Dataset, type Executor, classify, reportedLoss, type Trainer } from '../engine/index.js';
import type { ImageView } from './protocol.js';

/** Misclassified images sent. */
export const MAX_MISCLASSIFIED = 24;
/** Units of the first layer drawn. */
export const MAX_UNITS = 64;

const PIXEL = /^(p|px|pixel)\d+$/i;

/** The side of the images a list of input columns holds, or 0 when they are not an image. */
export function imageSide(columns: readonly string[]): number {
  const side = Math.round(Math.sqrt(columns.length));
  return side >= 4 && side * side === columns.length && columns.every((c) => PIXEL.test(c)) ? side : 0;
}

export function imageView(trainer: Trainer, executor: Executor, dataset: Dataset): ImageView | undefined {
  const graph = trainer.graph;
  const loss = reportedLoss(graph);
  if (loss.def.loss?.classification !== 'multiclass' || trainer.data.inputs.length !== 1) return undefined;
  const input = trainer.data.inputs[0];
  const side = imageSide(input.columns);
  if (!side) return undefined;
  const predNode = graph.nodes[loss.inputs[0].source];
  const targetNode = graph.nodes[loss.inputs[1].source];
  const split = trainer.validationRows.length > 0 ? 'validation' : 'training';
  const rows = split === 'validation' ? trainer.validationRows : trainer.trainRows;
  const pixels = input.columns.map((c) => dataset.columns.indexOf(c));
  const width = dataset.columns.length;
  const misclassified: ImageView['misclassified'] = [];
  let wrong = 0;
  const chunk = 1024;
  for (let start = 0; start < rows.length; start += chunk) {
    const count = Math.min(chunk, rows.length - start);
    trainer.loadRows(rows, start, count, true, executor);
    executor.forward();
    const predicted = classify(loss.def, executor.output(predNode.id))!;
    const t = executor.output(targetNode.id);
    for (let r = 0; r < count; r++) {
      let actual = 0;
      if (t.cols === 1) actual = t.data[r];
      else for (let c = 1; c < t.cols; c++) if (t.data[r * t.cols + c] > t.data[r * t.cols + actual]) actual = c;
      if (predicted[r] === actual) continue;
      wrong++;
      if (misclassified.length >= MAX_MISCLASSIFIED) continue;
      const row = rows[start + r];
      misclassified.push({
        row,
        ...(trainer.data.lines ? { line: trainer.data.lines[row] } : {}),
        pixels: Float32Array.from(pixels, (c) => dataset.values[row * width + c]),
        predicted: predicted[r],
        actual,
      });
    }
  }
  const first = graph.nodes.find(
    (n) => n.def.type === 'linear' && n.inputs[0] && graph.nodes[n.inputs[0].source].id === input.nodeId,
  );
  const weights = first ? executor.nodeWeights(first.id).W : undefined;
  const units = first ? Math.min(first.outputSize, MAX_UNITS) : 0;
  return {
    side,
    split,
    rows: rows.length,
    wrong,
    misclassified,
    ...(first && weights
      ? {
          firstLayer: {
            node: first.id,
            units,
            weights: Float32Array.from(weights.value.subarray(0, units * side * side)),
            output: first.id === predNode.id,
          },
        }
      : {}),
  };
}
