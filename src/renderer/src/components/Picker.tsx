/**
 * The picker: a searchable list in a dialog, driven by the keyboard (type to filter, ↑/↓ to
 * choose, Enter to run, Esc to close). The command palette, Add Block, Connect, Disconnect and
 * Go to Block are pickers. Search is fuzzy (fuzzysort: the SublimeText-style subsequence match
 * people know from editors' palettes), over each item's label and its keywords.
 */
import fuzzysort from 'fuzzysort';
import {
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { useStore } from 'zustand';
import { formatShortcut } from '../commands/shortcuts.js';
import { closePicker, uiStore, type PickerItem } from '../ui.js';
import { useDismissOnPointerDownOutside } from './dismiss.js';

interface Match {
  item: PickerItem;
  /** Indexes of the label's characters the query matched (to highlight them). */
  indexes: readonly number[];
}

export function matchItems(items: readonly PickerItem[], query: string): Match[] {
  if (!query.trim()) return items.map((item) => ({ item, indexes: [] }));
  const results = fuzzysort.go(query.trim(), items, {
    keys: ['label', (i) => i.keywords ?? ''],
    // Scattered letters score about 0.3; unrelated words that happen to contain them, less.
    threshold: 0.25,
    limit: 200,
  });
  const matches = results.map((r) => ({ item: r.obj, indexes: r[0]?.indexes ?? [] }));
  // Typing an item's exact key (a block id in Go to Block) picks that item first.
  const exact = matches.findIndex((m) => m.item.key === query.trim());
  if (exact > 0) matches.unshift(...matches.splice(exact, 1));
  return matches;
}

function highlighted(label: string, indexes: readonly number[]): ReactNode {
  if (!indexes.length) return label;
  const marked = new Set(indexes);
  const parts: ReactNode[] = [];
  let run = '';
  let inMark = false;
  const flush = (i: number) => {
    if (!run) return;
    parts.push(inMark ? <mark key={i}>{run}</mark> : run);
    run = '';
  };
  [...label].forEach((ch, i) => {
    if (marked.has(i) !== inMark) {
      flush(i);
      inMark = marked.has(i);
    }
    run += ch;
  });
  flush(label.length);
  return parts;
}

/** A popup's place at `at`, moved left or up as far as it takes to stay inside the window. */
function anchoredAt(at: { x: number; y: number }): CSSProperties {
  const width = 300;
  const height = 360;
  return {
    left: Math.max(8, Math.min(at.x, window.innerWidth - width - 8)),
    top: Math.max(8, Math.min(at.y, window.innerHeight - height - 8)),
  };
}

export function Picker() {
  const picker = useStore(uiStore, (s) => s.picker);
  return picker ? <PickerDialog key={picker.key} /> : null;
}

function PickerDialog() {
  const picker = useStore(uiStore, (s) => s.picker)!;
  const [query, setQuery] = useState(picker.query ?? '');
  const [active, setActive] = useState(0);
  const list = useRef<HTMLDivElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  useDismissOnPointerDownOutside(dialog, closePicker);
  const matches = useMemo(() => matchItems(picker.items, query), [picker.items, query]);
  const current = matches[Math.min(active, matches.length - 1)];
  const listId = `picker-list-${picker.key}`;
  const optionId = (i: number) => `picker-option-${picker.key}-${i}`;

  useLayoutEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  });
  const choose = (match: Match | undefined) => {
    if (!match || match.item.disabledReason) return;
    closePicker();
    match.item.run();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const last = matches.length - 1;
    if (e.key === 'Escape') closePicker();
    else if (e.key === 'ArrowDown') setActive((a) => (a >= last ? 0 : a + 1));
    else if (e.key === 'ArrowUp') setActive((a) => (a <= 0 ? last : a - 1));
    else if (e.key === 'PageDown') setActive((a) => Math.min(a + 8, last));
    else if (e.key === 'PageUp') setActive((a) => Math.max(a - 8, 0));
    else if (e.key === 'Enter') choose(current);
    // Focus stays in the search field: the list is read through aria-activedescendant.
    else if (e.key === 'Tab') setActive((a) => (e.shiftKey ? (a <= 0 ? last : a - 1) : a >= last ? 0 : a + 1));
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div className={`picker-backdrop${picker.at ? ' anchored' : ''}`}>
      <div
        ref={dialog}
        className={`picker${picker.at ? ' anchored' : ''}`}
        style={picker.at && anchoredAt(picker.at)}
        role="dialog"
        aria-modal="true"
        aria-labelledby={`picker-title-${picker.key}`}
      >
        <h2 id={`picker-title-${picker.key}`} className="picker-title">
          {picker.title}
        </h2>
        {picker.note && (
          <p className="picker-note" data-testid="picker-note">
            {picker.note}
          </p>
        )}
        <input
          // A dialog opened from the keyboard puts focus in its search field, as a native one does.
          // biome-ignore lint/a11y/noAutofocus: the field is the dialog's only control
          autoFocus
          className="picker-input"
          data-testid="picker-input"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={current ? optionId(matches.indexOf(current)) : undefined}
          aria-label={picker.placeholder}
          placeholder={picker.placeholder}
          value={query}
          spellCheck={false}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        <div className="picker-list" role="listbox" id={listId} ref={list} aria-label={picker.title}>
          {matches.map((m, i) => (
            <div
              key={m.item.key}
              id={optionId(i)}
              role="option"
              tabIndex={-1}
              aria-selected={m === current}
              aria-disabled={m.item.disabledReason ? true : undefined}
              data-testid="picker-option"
              data-key={m.item.key}
              className={`picker-option${m === current ? ' active' : ''}${m.item.disabledReason ? ' disabled' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onMouseMove={() => i !== active && setActive(i)}
              onClick={() => choose(m)}
              onKeyDown={onKeyDown}
            >
              <span className="picker-label">{highlighted(m.item.label, m.indexes)}</span>
              {m.item.detail && <span className="picker-detail">{m.item.detail}</span>}
              {m.item.shortcut && <kbd className="picker-shortcut">{formatShortcut(m.item.shortcut)}</kbd>}
              {m.item.disabledReason && (
                <span className="picker-reason" data-testid="picker-reason">
                  {m.item.disabledReason}
                </span>
              )}
            </div>
          ))}
          {matches.length === 0 && (
            <p className="picker-empty" data-testid="picker-empty">
              {query ? `${picker.empty} “${query}”.` : picker.empty}
            </p>
          )}
        </div>
      </div>
    </div>
  );
}
