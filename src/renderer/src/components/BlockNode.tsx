/**
 * One memoised node component for every block type: title, key parameters, typed input ports
 * named as in the engine, the output port, and the shape flowing out once it is known. Problems
 * found by the engine mark the node with a badge whose tooltip spells them out; so do the
 * training session's hints (a saturated sigmoid, dead ReLU units, …). A frozen block has a
 * hatched header with a padlock; each unit's output shows as a thumbnail once training (or
 * evaluation) has computed it; a small Linear block can be expanded to its neurons.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { type Diagnostic, findBlock } from '../../../engine/index.js';
import { describeDiagnostic, type Translate } from '../../../i18n/index.js';
import { blockDescription, blockLabel, blockTitle } from '../block-text.js';
import { useEditor, useTraining } from '../context.js';
import { say } from '../i18n.js';
import type { BlockNode as BlockNodeType } from '../editor/model.js';
import { NEURON_LIMIT } from '../editor/weights.js';
import { setExpanded, useFocus } from '../focus.js';
import { layoutStore, showDockTab } from '../layout.js';
import { reportForGraph } from '../training/store.js';
import { LockIcon } from './LockIcon.js';
import { ExpandedNeurons } from './NeuronView.js';
import { UnitThumbnails } from './UnitMaps.js';

export function parsedParams(type: string, params: Record<string, unknown>): Record<string, unknown> | null {
  const parsed = findBlock(type)?.schema.safeParse(params);
  return parsed?.success ? (parsed.data as Record<string, unknown>) : null;
}

/**
 * A block's params with defaults and the sizes the graph infers (Linear's `in` from its wire),
 * as the analysis gives them; null while they are not valid.
 */
export function useBlockParams(id: string): Record<string, unknown> | null {
  return useEditor((s) => (s.analysis.params[id] as Record<string, unknown> | undefined) ?? null);
}

/** Column names for a block's footer, cut short so the block stays narrow. */
export function shortList(columns: readonly string[], max = 22): string {
  const all = columns.join(', ');
  if (all.length <= max) return all;
  let shown = columns[0];
  for (const c of columns.slice(1)) {
    if (`${shown}, ${c}, …`.length > max) break;
    shown = `${shown}, ${c}`;
  }
  return `${shown}, …`;
}

function shapeText(category: string, size: number | undefined, t: Translate): string {
  if (category === 'loss') return t('inspector.scalar');
  return `[batch × ${size ?? '?'}]`;
}

/**
 * A block's problems as a corner badge: the messages are in its tooltip and in the Problems
 * panel (a click opens it). Positioned outside the block's flow, so a message never widens the
 * block into its neighbours.
 */
function ProblemBadge({
  id,
  problems,
  severity,
}: {
  id: string;
  problems: readonly Diagnostic[];
  severity: 'error' | 'warning';
}) {
  const { t } = useTranslation();
  const text = problems.map((p) => describeDiagnostic(p, t)).join('\n');
  const what = t(severity === 'error' ? 'problems.errors' : 'problems.warnings', { count: problems.length });
  return (
    <button
      type="button"
      className={`block-badge block-badge-${severity} nodrag nopan`}
      data-testid={`problem-${id}`}
      title={text}
      aria-label={`${what}: ${text}`}
      onClick={() => showDockTab(layoutStore, 'problems')}
    >
      {problems.length > 1 ? problems.length : '!'}
    </button>
  );
}

/** Whether a block is a Linear layer small enough to draw as neurons (at most 8 inputs and 8 units). */
function neuronShaped(type: string, params: unknown): boolean {
  if (type !== 'linear' || params === undefined) return false;
  const W = findBlock(type)?.weightShapes?.(params).W;
  return !!W && W[0] <= NEURON_LIMIT && W[1] <= NEURON_LIMIT;
}

/** The training session's hints about a block, as a "!" in its corner with the hints in its tooltip. */
function HintBadge({ id }: { id: string }) {
  const { t } = useTranslation();
  const graphVersion = useEditor((s) => s.structureVersion);
  const hints = useTraining((s) => reportForGraph(s.progress, graphVersion)?.hints[id]);
  if (!hints?.length) return null;
  const text = hints.map(say).join('\n');
  return (
    <span
      className="hint-badge nodrag nopan"
      role="note"
      data-testid={`hint-${id}`}
      title={text}
      aria-label={t('block.hint', { text })}
    >
      !
    </span>
  );
}

function BlockNodeView({ id, data, selected }: NodeProps<BlockNodeType>) {
  const { t } = useTranslation();
  const def = findBlock(data.type);
  const size = useEditor((s) => s.analysis.sizes[id]);
  const problems = useEditor((s) => s.analysis.nodeProblems[id]);
  const expandable = useEditor((s) => neuronShaped(data.type, s.analysis.params[id]));
  const expanded = useFocus((s) => !!s.expanded[id]) && expandable;
  const resolvedParams = useBlockParams(id);
  if (!def) {
    return (
      <div className="block block-unknown has-error" data-testid={`node-${id}`}>
        <div className="block-header">{t('blockNode.unknown', { type: data.type })}</div>
      </div>
    );
  }
  const params = resolvedParams ?? parsedParams(data.type, data.params);
  const ports = params ? def.inputs(params) : [];
  const title = data.label ?? (params ? blockLabel(def, params, t) : blockTitle(def, t));
  const errors = problems?.filter((p) => p.severity === 'error') ?? [];
  const warnings = problems?.filter((p) => p.severity === 'warning') ?? [];
  const columns = def.source && params ? (params.columns as string[] | undefined) : undefined;
  const frozen = data.trainable === false;
  return (
    <div
      className={`block block-${def.category}${errors.length ? ' has-error' : warnings.length ? ' has-warning' : ''}${selected ? ' is-selected' : ''}${frozen ? ' is-frozen' : ''}${expanded ? ' is-expanded' : ''}`}
      data-testid={`node-${id}`}
      data-block-type={data.type}
      title={[
        title,
        blockDescription(def, t),
        ...(frozen ? [t('block.frozen')] : []),
        ...(problems ?? []).map((p) => `${t(`problems.${p.severity}`)}: ${describeDiagnostic(p, t)}`),
      ].join('\n')}
    >
      <div className="block-header">
        <span className={`block-dot dot-${def.category}`} />
        <span className="block-title">{title}</span>
        {frozen && (
          <span
            className="block-lock"
            data-testid={`frozen-${id}`}
            title={t('block.frozen')}
            role="img"
            aria-label={t('block.frozen')}
          >
            <LockIcon />
          </span>
        )}
        <span className="block-id" title={t('blockNode.id', { id })} translate="no">
          {id}
        </span>
      </div>
      {ports.length > 0 && (
        <div className="block-ports">
          {ports.map((port) => (
            <div className="block-port" key={port}>
              <Handle type="target" position={Position.Left} id={port} className="handle-in" data-port={port} />
              <span translate="no">{port}</span>
            </div>
          ))}
        </div>
      )}
      {expanded && <ExpandedNeurons nodeId={id} data={data} />}
      <div className="block-footer">
        <span className="block-shape" data-testid={`shape-${id}`}>
          {def.source && params ? (
            <>
              {size === undefined ? t('block.columnsUnknown') : t('block.columns', { count: size })}
              {columns && (
                <>
                  {': '}
                  <span translate="no">{shortList(columns)}</span>
                </>
              )}
            </>
          ) : (
            shapeText(def.category, size, t)
          )}
        </span>
        {expandable && (
          <button
            type="button"
            className="block-expand nodrag"
            data-testid={`expand-${id}`}
            aria-pressed={expanded}
            title={t(expanded ? 'block.collapse' : 'block.expand')}
            aria-label={t(expanded ? 'block.collapse' : 'block.expand')}
            onClick={() => setExpanded(id, !expanded)}
          >
            <NeuronsIcon />
          </button>
        )}
      </div>
      <UnitThumbnails nodeId={id} />
      {(errors.length > 0 || warnings.length > 0) && (
        <ProblemBadge
          id={id}
          problems={errors.length > 0 ? errors : warnings}
          severity={errors.length ? 'error' : 'warning'}
        />
      )}
      <HintBadge id={id} />
      <Handle
        type="source"
        position={Position.Right}
        id="out"
        className={def.category === 'loss' ? 'handle-out handle-objective' : 'handle-out'}
      />
    </div>
  );
}

/** Two neurons joined to two: the "expand to neurons" toggle. */
function NeuronsIcon() {
  return (
    <svg width="14" height="12" viewBox="0 0 14 12" aria-hidden="true">
      <path d="M3 3 L11 3 M3 3 L11 9 M3 9 L11 3 M3 9 L11 9" stroke="currentColor" strokeWidth="1" />
      <circle cx="2.5" cy="3" r="2" fill="currentColor" />
      <circle cx="2.5" cy="9" r="2" fill="currentColor" />
      <circle cx="11.5" cy="3" r="2" fill="currentColor" />
      <circle cx="11.5" cy="9" r="2" fill="currentColor" />
    </svg>
  );
}

export const BlockNode = memo(BlockNodeView);
