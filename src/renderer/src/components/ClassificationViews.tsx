/**
 * Beside the confusion matrix: each class's precision and recall; and for a classifier of small
 * images (the 8×8 digits) the validation images it gets wrong, with what it predicted, and its
 * first layer's weights drawn as images — what each unit looks for.
 */
import { type ReactNode, useEffect, useRef } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { classMetrics } from '../../../engine/index.js';
import type { ImageView } from '../../../session/protocol.js';
import { proseNumber } from '../i18n.js';
import { divergingColor } from './WeightsView.js';

const percent = (v: number) => (Number.isNaN(v) ? '—' : `${proseNumber((v * 100).toFixed(1))} %`);

/** The rows a view was computed on (the session's `split`). */
type Split = 'training' | 'validation';
const isValidation = (split: string) => split === 'validation';

/** A class's name or a node's id, as it is in every language. */
const name = <span translate="no" />;

export function ClassMetricsTable({
  matrix,
  split,
  classes,
}: {
  matrix: number[][];
  split: string;
  classes?: string[];
}) {
  const { t } = useTranslation();
  const metrics = classMetrics(matrix);
  return (
    <figure className="output-card" data-testid="class-metrics">
      <figcaption>
        {isValidation(split) ? t('classViews.metrics.validation') : t('classViews.metrics.training')}
      </figcaption>
      <table className="closed-form">
        <thead>
          <tr>
            <th scope="col">{t('classViews.class')}</th>
            <th scope="col" title={t('classViews.precisionHelp')}>
              {t('classViews.precision')}
            </th>
            <th scope="col" title={t('classViews.recallHelp')}>
              {t('classViews.recall')}
            </th>
            <th scope="col">{t('classViews.rows')}</th>
          </tr>
        </thead>
        <tbody>
          {metrics.map((m, k) => (
            <tr key={classes?.[k] ?? k} data-testid="class-metric">
              <th scope="row" translate="no">
                {classes?.[k] ?? k}
              </th>
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
  caption,
  testId,
}: {
  side: number;
  values: ArrayLike<number>;
  color: (v: number) => string;
  /** The image in words (for screen readers). */
  label: string;
  /** Shown under it (the names in it marked as names); else the label. */
  caption?: ReactNode;
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
      <figcaption>{caption ?? label}</figcaption>
    </figure>
  );
}

export function ImageViews({ view, classes }: { view: ImageView; classes?: string[] }) {
  const { t } = useTranslation();
  const className = (k: number) => classes?.[k] ?? String(k);
  const split: Split = isValidation(view.split) ? 'validation' : 'training';
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
            ? [
                split === 'validation'
                  ? t('classViews.misclassified.validation', { wrong: view.wrong, rows: view.rows })
                  : t('classViews.misclassified.training', { wrong: view.wrong, rows: view.rows }),
                ...(view.misclassified.length < view.wrong
                  ? [t('classViews.firstShown', { count: view.misclassified.length })]
                  : []),
              ].join(' ')
            : split === 'validation'
              ? t('classViews.none.validation')
              : t('classViews.none.training')}
        </figcaption>
        <div className="pictures">
          {view.misclassified.map((m) => (
            <Picture
              key={m.row}
              side={view.side}
              values={m.pixels}
              color={gray}
              label={t('classViews.captionLabel', { predicted: className(m.predicted), actual: className(m.actual) })}
              caption={
                <Trans
                  i18nKey="classViews.caption"
                  values={{ predicted: className(m.predicted), actual: className(m.actual) }}
                  components={{ name }}
                />
              }
              testId="misclassified-image"
            />
          ))}
        </div>
      </figure>
      {first && (
        <figure className="output-card wide" data-testid="first-layer">
          <figcaption>
            <Trans i18nKey="classViews.firstLayer" values={{ node: first.node }} components={{ name }} />
          </figcaption>
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
                  label={
                    first.output
                      ? t('classViews.classUnit', { name: className(k) })
                      : t('classViews.unit', { n: k + 1 })
                  }
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
