/**
 * Beside the confusion matrix: each class's precision and recall; and for a classifier of small
 * images (the 8×8 digits) the validation images it gets wrong, with what it predicted, and its
 * first layer's weights drawn as images — what each unit looks for.
 */
import { useEffect, useRef } from 'react';
import { classMetrics } from '../../../engine/index.js';
import type { ImageView } from '../../../session/protocol.js';
import { divergingColor } from './WeightsView.js';

const text = {
  metrics: (split: string) => `Per class (${split} rows)`,
  class: 'class',
  precision: 'precision',
  recall: 'recall',
  support: 'rows',
  precisionHelp: 'Precision: of the rows predicted as this class, the share that are.',
  recallHelp: 'Recall: of the rows of this class, the share found.',
  misclassified: (shown: number, wrong: number, rows: number, split: string) =>
    `Misclassified ${split} images: ${wrong} of ${rows}${shown < wrong ? ` (the first ${shown})` : ''}`,
  none: (split: string) => `Every ${split} image is classified right.`,
  caption: (predicted: string, actual: string) => `predicted ${predicted} · true ${actual}`,
  firstLayer: (node: string) => `First layer’s weights as images (${node}): red positive, blue negative`,
  unit: (k: number, name?: string) => (name ? `class ${name}` : `unit ${k + 1}`),
};

const percent = (v: number) => (Number.isNaN(v) ? '—' : `${(v * 100).toFixed(1)} %`);

export function ClassMetricsTable({
  matrix,
  split,
  classes,
}: {
  matrix: number[][];
  split: string;
  classes?: string[];
}) {
  const metrics = classMetrics(matrix);
  return (
    <figure className="output-card" data-testid="class-metrics">
      <figcaption>{text.metrics(split)}</figcaption>
      <table className="closed-form">
        <thead>
          <tr>
            <th scope="col">{text.class}</th>
            <th scope="col" title={text.precisionHelp}>
              {text.precision}
            </th>
            <th scope="col" title={text.recallHelp}>
              {text.recall}
            </th>
            <th scope="col">{text.support}</th>
          </tr>
        </thead>
        <tbody>
          {metrics.map((m, k) => (
            <tr key={classes?.[k] ?? k} data-testid="class-metric">
              <th scope="row">{classes?.[k] ?? k}</th>
              <td>{percent(m.precision)}</td>
              <td>{percent(m.recall)}</td>
              <td>{m.support}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** One side × side image, drawn `scale` pixels per cell. */
function Picture({
  side,
  values,
  color,
  label,
  testId,
}: {
  side: number;
  values: ArrayLike<number>;
  color: (v: number) => string;
  label: string;
  testId: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const scale = Math.max(2, Math.round(56 / side));
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    for (let i = 0; i < side * side; i++) {
      ctx.fillStyle = color(values[i]);
      ctx.fillRect((i % side) * scale, Math.floor(i / side) * scale, scale, scale);
    }
  });
  return (
    <figure className="picture" data-testid={testId}>
      <canvas ref={canvas} width={side * scale} height={side * scale} role="img" aria-label={label} />
      <figcaption>{label}</figcaption>
    </figure>
  );
}

export function ImageViews({ view, classes }: { view: ImageView; classes?: string[] }) {
  const name = (k: number) => classes?.[k] ?? String(k);
  // Ink on paper: the darkest pixel is the largest count in the image set (16 for the digits).
  const ink = Math.max(1, ...view.misclassified.flatMap((m) => Array.from(m.pixels)));
  const gray = (v: number) => {
    const level = Math.round(255 * (1 - Math.max(0, Math.min(1, v / ink))));
    return `rgb(${level}, ${level}, ${level})`;
  };
  const first = view.firstLayer;
  const cells = view.side * view.side;
  return (
    <>
      <figure className="output-card wide" data-testid="misclassified">
        <figcaption>
          {view.wrong > 0
            ? text.misclassified(view.misclassified.length, view.wrong, view.rows, view.split)
            : text.none(view.split)}
        </figcaption>
        <div className="pictures">
          {view.misclassified.map((m) => (
            <Picture
              key={m.row}
              side={view.side}
              values={m.pixels}
              color={gray}
              label={text.caption(name(m.predicted), name(m.actual))}
              testId="misclassified-image"
            />
          ))}
        </div>
      </figure>
      {first && (
        <figure className="output-card wide" data-testid="first-layer">
          <figcaption>{text.firstLayer(first.node)}</figcaption>
          <div className="pictures">
            {Array.from({ length: first.units }, (_, k) => {
              const w = first.weights.subarray(k * cells, (k + 1) * cells);
              let scale = 0;
              for (let i = 0; i < w.length; i++) scale = Math.max(scale, Math.abs(w[i]));
              return (
                <Picture
                  key={k}
                  side={view.side}
                  values={w}
                  color={(v) => divergingColor(v, scale)}
                  label={text.unit(k, first.output ? name(k) : undefined)}
                  testId="first-layer-image"
                />
              );
            })}
          </div>
        </figure>
      )}
    </>
  );
}
