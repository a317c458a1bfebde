/**
 * Universal approximation by construction, at the student's hands: for a graph whose document
 * is the construction (its `construction` field, engine/construction.ts), a card in the output
 * view with the number of bumps N and the steepness k. Changing either rebuilds the hidden layer
 * (its size and every weight) and the output layer's weights f(midpoint), as one undo step, and
 * the card shows the largest error |f − approximation| on the data for the weights now.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CONSTRUCTION_FUNCTIONS,
  type Construction,
  constructionNetwork,
  constructionProblem,
  constructionSchema,
  MAX_BUMPS,
  MAX_STEEPNESS,
} from '../../../engine/index.js';
import { useDataState, useEditor, useServices, useTraining } from '../context.js';
import type { Services } from '../context.js';
import type { Phrase } from '../../../engine/index.js';
import { proseNumber } from '../i18n.js';
import { Said } from './Said.js';
import { fmt } from './WeightsView.js';

/** The controls' symbols: the same in every language. */
const HALVE = '÷ 2';
const DOUBLE = '× 2';

/** The construction the editor's document describes, and why its graph cannot hold it (or null). */
function useConstruction(): { construction: Construction | null; problem: Phrase | null } {
  const field = useEditor((s) => s.meta.construction);
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const analysis = useEditor((s) => s.analysis);
  if (field === undefined) return { construction: null, problem: null };
  const parsed = constructionSchema.safeParse(field);
  if (!parsed.success) return { construction: null, problem: null };
  const c = parsed.data;
  const graph = {
    nodes: nodes.map((n) => ({ id: n.id, type: n.data.type, params: n.data.params })),
    edges: edges.map((e) => ({ source: e.source, target: e.target, targetHandle: e.targetHandle ?? '' })),
  };
  const input = graph.edges.find((e) => e.target === c.hidden && e.targetHandle === 'in')?.source;
  const size = input ? analysis.params[input]?.size : undefined;
  return { construction: c, problem: constructionProblem(c, graph, typeof size === 'number' ? size : undefined) };
}

/**
 * Rebuilds the graph for `next`: the hidden layer's size and weights, the output layer's weights
 * (and its `in` where the document pins it), and the document's construction field, in one undo
 * step; then the output views are computed for the new weights.
 */
export function rebuildConstruction({ editor, training }: Services, next: Construction): void {
  const net = constructionNetwork(next);
  const units = net.hidden.W.shape[0];
  const s = editor.getState();
  const params = (id: string) => s.nodes.find((n) => n.id === id)?.data.params ?? {};
  const hidden = { ...params(next.hidden), out: units, init: 'manual' };
  const output = { ...params(next.output), init: 'manual', ...('in' in params(next.output) ? { in: units } : {}) };
  s.setBlocks(
    [
      { nodeId: next.hidden, params: hidden, weights: net.hidden },
      { nodeId: next.output, params: output, weights: net.output },
    ],
    { construction: next },
  );
  // The session computes the views of what the document now holds (a running one is paused and
  // rebuilt by the editor's change itself).
  if (training.store.getState().status !== 'running' && !training.current) training.setup([]);
}

function NumberControl({
  label,
  help,
  value,
  valid,
  invalid,
  onCommit,
  testId,
  integer,
}: {
  label: string;
  help: string;
  value: number;
  valid(v: number): boolean;
  invalid: string;
  onCommit(v: number): void;
  testId: string;
  integer?: boolean;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(String(value));
  const [error, setError] = useState(false);
  useEffect(() => {
    setDraft(String(value));
    setError(false);
  }, [value]);
  const commit = (raw: string) => {
    const v = Number(raw.replace(',', '.'));
    if (raw.trim() === '' || !valid(v)) {
      setError(true);
      return;
    }
    setError(false);
    if (v !== value) onCommit(v);
  };
  const step = (factor: number) => {
    const v = integer ? Math.round(value * factor) : value * factor;
    if (valid(v) && v !== value) onCommit(v);
  };
  return (
    <div className="construction-control">
      <label title={help}>
        {label}{' '}
        <input
          type="text"
          inputMode={integer ? 'numeric' : 'decimal'}
          data-testid={testId}
          value={draft}
          aria-invalid={error}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={(e) => commit(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit((e.target as HTMLInputElement).value);
            if (e.key === 'Escape') {
              setDraft(String(value));
              setError(false);
            }
          }}
        />
      </label>
      <button
        type="button"
        className="small"
        title={t('construction.halveHelp', { what: label })}
        data-testid={`${testId}-halve`}
        disabled={!valid(integer ? Math.round(value / 2) : value / 2) || (integer && value === 1)}
        onClick={() => step(0.5)}
      >
        {HALVE}
      </button>
      <button
        type="button"
        className="small"
        title={t('construction.doubleHelp', { what: label })}
        data-testid={`${testId}-double`}
        disabled={!valid(value * 2)}
        onClick={() => step(2)}
      >
        {DOUBLE}
      </button>
      {error && (
        <span className="construction-invalid" role="alert">
          {invalid}
        </span>
      )}
    </div>
  );
}

export function ConstructionCard() {
  const services = useServices();
  const { t } = useTranslation();
  const { construction: c, problem } = useConstruction();
  const dataset = useDataState((s) => s.dataset);
  const status = useTraining((s) => s.status);
  const maxError = useTraining((s) => s.progress?.regression?.training.overall.maxError);
  const rows = useTraining((s) => s.progress?.regression?.training.rows);
  const ready = c !== null && problem === null;
  // The construction is computed, not trained: show what it does as soon as its data is there.
  useEffect(() => {
    if (ready && dataset && status === 'idle') services.training.setup([]);
  }, [ready, dataset, status, services]);
  if (!c) return null;
  const f = CONSTRUCTION_FUNCTIONS[c.function];
  const [lo, hi] = c.interval;
  const h = (hi - lo) / c.bumps;
  // σ rises from 12 % to 88 % over 4/k; the bumps stay apart while that is under half a bump.
  const rise = 4 / c.steepness;
  const rebuild = (next: Partial<Construction>) => rebuildConstruction(services, { ...c, ...next });
  const shown = status !== 'starting' && maxError !== undefined;
  const num = (v: number) => proseNumber(fmt(v));
  const what = t('construction.what', { f: f.label, lo: num(lo), hi: num(hi) });
  return (
    <figure className="output-card construction-card" data-testid="construction-card">
      <figcaption title={what}>{t('construction.caption')}</figcaption>
      {problem ? (
        <p className="construction-problem" data-testid="construction-problem">
          {/* The reason told as a phrase (its block ids kept as they are) inside the sentence. */}
          {t('construction.cannot', { why: '\uE000' })
            .split('\uE000')
            .map((part, i) => (i === 0 ? part : [<Said key="why" p={problem} />, part]))}
        </p>
      ) : (
        <>
          <p className="construction-error" title={t('construction.maxErrorHelp')}>
            {rows === undefined ? t('construction.maxError') : t('construction.maxErrorOn', { count: rows })}{' '}
            <b data-testid="construction-max-error" data-value={shown ? maxError : ''}>
              {!dataset ? t('construction.noData') : shown ? num(maxError) : t('construction.pending')}
            </b>
          </p>
          <NumberControl
            label={t('construction.bumps')}
            help={t('construction.bumpsHelp', { max: MAX_BUMPS })}
            value={c.bumps}
            valid={(v) => Number.isInteger(v) && v >= 1 && v <= MAX_BUMPS}
            invalid={t('construction.badBumps', { max: MAX_BUMPS })}
            onCommit={(bumps) => rebuild({ bumps })}
            testId="construction-bumps"
            integer
          />
          <NumberControl
            label={t('construction.steepness')}
            help={t('construction.steepnessHelp', { max: MAX_STEEPNESS })}
            value={c.steepness}
            valid={(v) => Number.isFinite(v) && v > 0 && v <= MAX_STEEPNESS}
            invalid={t('construction.badSteepness', { max: MAX_STEEPNESS })}
            onCommit={(steepness) => rebuild({ steepness })}
            testId="construction-steepness"
          />
          <p className="muted">
            {t('construction.units', { count: 2 * c.bumps })}.{' '}
            {t('construction.widths', { h: num(h), rise: num(rise) })}
          </p>
          <p className="muted">{what}</p>
          {rise > h / 2 && (
            <p className="construction-blurred" data-testid="construction-blurred">
              {t('construction.blurred', { k: num(Math.min(MAX_STEEPNESS, 8 / h)) })}
            </p>
          )}
        </>
      )}
    </figure>
  );
}
