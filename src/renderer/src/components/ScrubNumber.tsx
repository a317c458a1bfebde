/**
 * A number field that can also be dragged: type a value (Enter or leaving the field sets it,
 * Escape goes back), or press on it and drag horizontally to scrub it (Shift for fine steps),
 * or use the arrow keys. A scrub is one gesture: `onScrubStart` comes first (the caller records
 * one undo step), then `onScrub` with each new value.
 */
import { useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldText, shortText } from '../editor/weights.js';
import { proseNumber } from '../i18n.js';

/** Change per pixel dragged, and per arrow-key press; Shift gives the fine one. */
export const SCRUB_STEP = { coarse: 0.01, fine: 0.001 } as const;
export const KEY_STEP = { coarse: 0.1, fine: 0.01 } as const;
/** The pointer must move this far before a press becomes a scrub (else it is a click: type). */
const DRAG_THRESHOLD_PX = 3;

/** A typed number: decimal point or comma, exponent allowed; null if it is not one. */
export function parseNumber(raw: string): number | null {
  const trimmed = raw.trim().replace(/\u2212/g, '-');
  const normalised = /^[-+]?\d*,\d+(e[-+]?\d+)?$/i.test(trimmed) ? trimmed.replace(',', '.') : trimmed;
  if (normalised === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(normalised)) return null;
  const v = Number(normalised);
  return Number.isFinite(v) ? v : null;
}

/** `v` rounded to the precision of `step` (so a scrub gives 0.37, not 0.37000000000000005). */
export function roundToStep(v: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  return Number(v.toFixed(digits));
}

export function ScrubNumber({
  value,
  label,
  testId,
  selected,
  className,
  onCommit,
  onScrubStart,
  onScrub,
  onFocus,
}: {
  value: number;
  /** Accessible name, e.g. "W[1, 2]". */
  label: string;
  testId?: string;
  selected?: boolean;
  className?: string;
  /** A typed or stepped value (one undo step). */
  onCommit(v: number): void;
  onScrubStart(): void;
  onScrub(v: number): void;
  onFocus?(): void;
}) {
  const { t, i18n } = useTranslation();
  /** What the user typed, until it is set (null: nothing typed). */
  const [draft, setDraft] = useState<string | null>(null);
  const [focused, setFocused] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const drag = useRef<{ id: number; lastX: number; value: number; scrubbing: boolean } | null>(null);
  // Short while it is not being edited; exact enough to read back once focused.
  const shown = draft ?? (focused ? fieldText(value) : shortText(value));
  const invalid = draft !== null && parseNumber(draft) === null;
  // Focused (a click, Tab), the field shows the value in full: select all of that text, so that
  // what is typed or pasted replaces it (selected before, the short text's selection is lost
  // when the longer one replaces it, and a typed 2 would be appended to it).
  useLayoutEffect(() => {
    if (focused) input.current?.select();
  }, [focused]);

  const commitDraft = () => {
    if (draft === null) return;
    const v = parseNumber(draft);
    setDraft(null);
    if (v !== null && v !== value) onCommit(v);
  };
  const onPointerDown = (e: PointerEvent<HTMLInputElement>) => {
    // While typing, a press places the caret as in any field.
    if (e.button !== 0 || document.activeElement === input.current) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { id: e.pointerId, lastX: e.clientX, value, scrubbing: false };
    onFocus?.();
  };
  const onPointerMove = (e: PointerEvent<HTMLInputElement>) => {
    const d = drag.current;
    if (!d || d.id !== e.pointerId) return;
    const dx = e.clientX - d.lastX;
    if (!d.scrubbing) {
      if (Math.abs(dx) < DRAG_THRESHOLD_PX) return;
      d.scrubbing = true;
      onScrubStart();
    }
    const step = e.shiftKey ? SCRUB_STEP.fine : SCRUB_STEP.coarse;
    d.value += dx * step;
    d.lastX = e.clientX;
    onScrub(roundToStep(d.value, step));
  };
  const onPointerUp = (e: PointerEvent<HTMLInputElement>) => {
    const d = drag.current;
    if (!d || d.id !== e.pointerId) return;
    drag.current = null;
    if (!d.scrubbing) {
      // A click: type into the field.
      input.current?.focus();
      input.current?.select();
    }
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      commitDraft();
      e.currentTarget.select();
    } else if (e.key === 'Escape') {
      setDraft(null);
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      const step = e.shiftKey ? KEY_STEP.fine : KEY_STEP.coarse;
      const base = draft !== null ? (parseNumber(draft) ?? value) : value;
      setDraft(null);
      onCommit(roundToStep(base + (e.key === 'ArrowUp' ? step : -step), SCRUB_STEP.fine));
    }
  };

  return (
    <input
      ref={input}
      type="text"
      inputMode="decimal"
      spellCheck={false}
      className={`scrub-number${selected ? ' is-selected' : ''}${invalid ? ' invalid' : ''}${className ? ` ${className}` : ''}`}
      data-testid={testId}
      aria-label={label}
      aria-invalid={invalid}
      title={
        invalid
          ? t('scrubNumber.invalid')
          : `${label} = ${proseNumber(String(value), i18n.language)}\n${t('scrubNumber.hint')}`
      }
      value={shown}
      onChange={(e) => setDraft(e.target.value)}
      onFocus={() => {
        setFocused(true);
        onFocus?.();
      }}
      onBlur={() => {
        commitDraft();
        setFocused(false);
      }}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => {
        drag.current = null;
      }}
    />
  );
}
