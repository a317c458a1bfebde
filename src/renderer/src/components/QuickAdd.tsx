/** A search box that adds a block by name: type to filter, Enter or click to add. */
import { useMemo, useState, type KeyboardEvent } from 'react';
import { blockTypes, type BlockDefinition } from '../../../engine/index.js';

export function matchBlocks(query: string): BlockDefinition[] {
  const q = query.trim().toLowerCase();
  const all = blockTypes();
  if (!q) return [...all];
  const score = (d: BlockDefinition) => {
    const fields = [d.title.toLowerCase(), d.type, d.category, d.description.toLowerCase()];
    if (fields[0].startsWith(q) || d.type.startsWith(q)) return 0;
    if (fields[0].includes(q) || d.type.includes(q)) return 1;
    if (fields[2].includes(q)) return 2;
    if (fields[3].includes(q)) return 3;
    return -1;
  };
  return all
    .map((d) => [d, score(d)] as const)
    .filter(([, s]) => s >= 0)
    .sort((a, b) => a[1] - b[1])
    .map(([d]) => d);
}

export function QuickAdd({
  at,
  onPick,
  onClose,
}: {
  at: { x: number; y: number };
  onPick(type: string): void;
  onClose(): void;
}) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const matches = useMemo(() => matchBlocks(query), [query]);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') onClose();
    else if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, matches.length - 1));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
    else if (e.key === 'Enter' && matches[active]) onPick(matches[active].type);
    else return;
    e.preventDefault();
  };
  return (
    <div className="quick-add" style={{ left: at.x, top: at.y }} onDoubleClick={(e) => e.stopPropagation()}>
      <input
        autoFocus
        placeholder="Add block…"
        aria-label="Add block"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(onClose, 150)}
      />
      <ul role="listbox">
        {matches.slice(0, 8).map((d, i) => (
          <li
            key={d.type}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : ''}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onPick(d.type)}
          >
            <span className={`block-dot dot-${d.category}`} /> {d.title} <small>{d.category}</small>
          </li>
        ))}
        {matches.length === 0 && <li className="empty">No block matches “{query}”</li>}
      </ul>
    </div>
  );
}
