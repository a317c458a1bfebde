/**
 * The inspector: the selected block's parameters (generated from its definition, validated by
 * the same schema the engine uses), its weights (editable), formulas and problems; with nothing
 * selected, the document's own properties.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { useShallow } from 'zustand/react/shallow';
import { findBlock, type BlockDefinition, type ParamField } from '../../../engine/index.js';
import { describeDiagnostic, type Translate } from '../../../i18n/index.js';
import {
  blockDescription,
  blockFormula,
  blockLabel,
  blockTitle,
  fieldHelp,
  fieldInferredFrom,
  fieldLabel,
  fieldOption,
} from '../block-text.js';
import { useEditor, useServices } from '../context.js';
import type { BlockNode } from '../editor/model.js';
import { parsedParams, useBlockParams } from './BlockNode.js';
import { LossInspector } from './LossInspector.js';
import { NodeLive } from './NodeLive.js';
import { WeightEditor } from './WeightEditor.js';
import { issueText } from '../issue-text.js';

/** Validates `params` with the block's schema; returns the message for `key`, if any. */
function fieldError(def: BlockDefinition, params: Record<string, unknown>, key: string, t: Translate): string | null {
  const parsed = def.schema.safeParse(params);
  if (parsed.success) return null;
  const issue = parsed.error.issues.find((i) => i.path[0] === key) ?? parsed.error.issues[0];
  return issueText(issue as z.core.$ZodIssue, t);
}

function FieldEditor({
  def,
  field,
  params,
  inferred,
  onCommit,
}: {
  def: BlockDefinition;
  field: ParamField;
  params: Record<string, unknown>;
  /** The value the graph infers for a field the block leaves out (Linear's inputs from its wire). */
  inferred?: number;
  onCommit(next: Record<string, unknown>): void;
}) {
  const { t } = useTranslation();
  const fieldName = fieldLabel(def, field, t);
  const help = fieldHelp(def, field, t);
  const defaults = def.schema.safeParse({});
  const fallback = defaults.success ? (defaults.data as Record<string, unknown>)[field.key] : undefined;
  const value = params[field.key] ?? fallback;
  const inferredFrom = fieldInferredFrom(def, field, t);
  const auto = inferredFrom !== undefined && params[field.key] === undefined;
  const text =
    field.kind === 'strings'
      ? ((value as string[] | undefined) ?? []).join(', ')
      : value === undefined
        ? ''
        : String(value);
  const [draft, setDraft] = useState(text);
  useEffect(() => setDraft(text), [text]);

  const candidate = (raw: string): Record<string, unknown> => {
    const next = { ...params };
    if (field.kind === 'strings') {
      const list = raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (list.length) next[field.key] = list;
      else delete next[field.key];
    } else if (raw.trim() === '') {
      delete next[field.key];
    } else {
      next[field.key] = Number(raw);
    }
    return next;
  };
  const error =
    field.kind === 'int' || field.kind === 'number' || field.kind === 'strings'
      ? fieldError(def, candidate(draft), field.key, t)
      : null;
  const commit = () => {
    if (draft === text) return;
    if (!error) onCommit(candidate(draft));
  };
  const id = `field-${field.key}`;
  const label = (
    <label htmlFor={id} title={help}>
      {fieldName}
    </label>
  );

  if (field.kind === 'enum') {
    return (
      <div className="field">
        {label}
        <select
          id={id}
          value={String(value ?? '')}
          onChange={(e) => onCommit({ ...params, [field.key]: e.target.value })}
        >
          {field.options.map((o) => (
            <option key={o} value={o}>
              {fieldOption(def, field, o, t)}
            </option>
          ))}
        </select>
        {help && <small className="help">{help}</small>}
      </div>
    );
  }
  if (field.kind === 'bool') {
    return (
      <div className="field field-inline">
        <input
          id={id}
          type="checkbox"
          checked={Boolean(value)}
          onChange={(e) => onCommit({ ...params, [field.key]: e.target.checked })}
        />
        {label}
      </div>
    );
  }
  const step = (delta: number) => {
    const next = candidate(String(Number(draft || (auto ? inferred : 0) || 0) + delta));
    if (!fieldError(def, next, field.key, t)) onCommit(next);
  };
  const autoText = inferred === undefined ? t('inspector.auto') : t('inspector.autoValue', { value: inferred });
  return (
    <div className="field">
      {label}
      <div className={field.kind === 'int' ? 'stepper' : undefined}>
        {field.kind === 'int' && (
          <button
            type="button"
            aria-label={t('inspector.decrease', { field: fieldName })}
            data-testid={`${id}-dec`}
            onClick={() => step(-1)}
          >
            −
          </button>
        )}
        <input
          id={id}
          data-testid={id}
          type={field.kind === 'strings' ? 'text' : 'number'}
          step={field.kind === 'int' ? 1 : 'any'}
          value={draft}
          placeholder={auto ? autoText : undefined}
          aria-description={auto ? t('inspector.autoFrom', { auto: autoText, from: inferredFrom }) : undefined}
          aria-invalid={!!error}
          className={error ? 'invalid' : ''}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
            if (e.key === 'Escape') setDraft(text);
          }}
        />
        {field.kind === 'int' && (
          <button
            type="button"
            aria-label={t('inspector.increase', { field: fieldName })}
            data-testid={`${id}-inc`}
            onClick={() => step(1)}
          >
            +
          </button>
        )}
        {auto && inferred !== undefined && (
          <button
            type="button"
            className="field-pin"
            data-testid={`${id}-pin`}
            title={t('inspector.pinTooltip', { value: inferred, from: inferredFrom })}
            onClick={() => onCommit({ ...params, [field.key]: inferred })}
          >
            {t('inspector.pin')}
          </button>
        )}
        {inferredFrom !== undefined && !auto && (
          <button
            type="button"
            className="field-pin"
            data-testid={`${id}-auto`}
            title={t('inspector.autoTooltip', { from: inferredFrom })}
            onClick={() => {
              const next = { ...params };
              delete next[field.key];
              onCommit(next);
            }}
          >
            {t('inspector.autoButton')}
          </button>
        )}
      </div>
      {auto && (
        <small className="field-auto" data-testid={`${id}-inferred`}>
          {t('inspector.autoFrom', { auto: autoText, from: inferredFrom })}
        </small>
      )}
      {error ? (
        <small className="error-text" role="alert">
          {error}
        </small>
      ) : (
        help && <small className="help">{help}</small>
      )}
    </div>
  );
}

function NodeInspector({ node }: { node: BlockNode }) {
  const { editor } = useServices();
  const problems = useEditor((s) => s.analysis.nodeProblems[node.id]);
  const { t } = useTranslation();
  const size = useEditor((s) => s.analysis.sizes[node.id]);
  const inferred = useEditor((s) => s.analysis.inferred[node.id]);
  const analysed = useBlockParams(node.id);
  const def = findBlock(node.data.type);
  if (!def) return <p className="error-text">{t('inspector.unknownType', { type: node.data.type })}</p>;
  const params = node.data.params;
  const resolved = analysed ?? parsedParams(node.data.type, params);
  return (
    <div className="inspector-node" data-testid="inspector">
      <header>
        <span className={`block-dot dot-${def.category}`} />
        <h2>{blockTitle(def, t)}</h2>
        <code>{node.id}</code>
      </header>
      <p className="muted">{blockDescription(def, t)}</p>
      <div className="field">
        <label htmlFor="field-label">{t('inspector.label')}</label>
        <input
          id="field-label"
          defaultValue={node.data.label ?? ''}
          key={`${node.id}:${node.data.label ?? ''}`}
          placeholder={resolved ? blockLabel(def, resolved, t) : blockTitle(def, t)}
          onBlur={(e) => {
            const label = e.target.value.trim() || undefined;
            if (label !== node.data.label) editor.getState().setLabel(node.id, label);
          }}
        />
      </div>
      {def.fields.map((field) => (
        <FieldEditor
          key={`${node.id}:${field.key}`}
          def={def}
          field={field}
          params={params}
          inferred={inferred?.[field.key]}
          onCommit={(next) => editor.getState().updateParams(node.id, next)}
        />
      ))}
      <WeightEditor node={node} />
      <section className="formula">
        <h3>{t('inspector.forward')}</h3>
        <code>{blockFormula(def, 'forward', t)}</code>
        <h3>{t('inspector.backward')}</h3>
        <code>{blockFormula(def, 'backward', t)}</code>
        <p className="muted">
          {t('inspector.output', {
            shape: def.category === 'loss' ? t('inspector.scalar') : `[batch × ${size ?? '?'}]`,
          })}
        </p>
      </section>
      {problems && problems.length > 0 && (
        <section className="problems-inline">
          {problems.map((p, i) => (
            <p key={i} className={p.severity === 'error' ? 'error-text' : 'warning-text'}>
              {describeDiagnostic(p, t)}
            </p>
          ))}
        </section>
      )}
      {def.category === 'loss' && resolved && <LossInspector def={def} params={resolved} />}
      <NodeLive nodeId={node.id} />
    </div>
  );
}

function DocumentInspector() {
  const { editor } = useServices();
  const { t } = useTranslation();
  const meta = useEditor((s) => s.meta);
  const count = useEditor((s) => s.nodes.length);
  return (
    <div className="inspector-doc">
      <h2>{t('inspector.graph')}</h2>
      <div className="field">
        <label htmlFor="doc-name">{t('inspector.name')}</label>
        <input
          id="doc-name"
          key={meta.name}
          defaultValue={meta.name}
          onBlur={(e) => e.target.value !== meta.name && editor.getState().setMeta({ name: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="doc-description">{t('inspector.description')}</label>
        <textarea
          id="doc-description"
          key={meta.description ?? ''}
          rows={4}
          defaultValue={meta.description ?? ''}
          onBlur={(e) =>
            e.target.value !== (meta.description ?? '') &&
            editor.getState().setMeta({ description: e.target.value || undefined })
          }
        />
      </div>
      <p className="muted">{t('inspector.blocks', { count })}</p>
    </div>
  );
}

export function Inspector() {
  const selected = useEditor(useShallow((s) => s.nodes.filter((n) => n.selected)));
  const { t } = useTranslation();
  return (
    <section className="inspector" aria-label={t('sidebar.tabs.inspector')}>
      {selected.length === 1 ? (
        <NodeInspector node={selected[0]} />
      ) : selected.length > 1 ? (
        <p className="muted">{t('inspector.selected', { count: selected.length })}</p>
      ) : (
        <DocumentInspector />
      )}
    </section>
  );
}
