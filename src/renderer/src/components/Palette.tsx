/**
 * The block palette, generated from the engine's registry and grouped by category: a new block
 * type appears here without UI edits. Drag a block onto the canvas, double-click it (or press
 * Enter on it) to add it beside the selected block or in the middle of the view, or search and
 * press Enter.
 */
import { useMemo, useState, type DragEvent } from 'react';
import { blockTypes, type BlockCategory, type BlockDefinition } from '../../../engine/index.js';
import { useCommands } from '../commands/use.js';
import { layoutStore, togglePanel, useLayout } from '../layout.js';
import { BLOCK_MIME } from './Canvas.js';

/** Block types whose title, type, category or description contain `query`, best matches first. */
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

export const categoryTitles: Record<BlockCategory, string> = {
  data: 'Data',
  layer: 'Layers',
  activation: 'Activations',
  combine: 'Combine',
  loss: 'Losses',
};

export function groupBlocks(defs: readonly BlockDefinition[]): [BlockCategory, BlockDefinition[]][] {
  const order = Object.keys(categoryTitles) as BlockCategory[];
  return order
    .map((c) => [c, defs.filter((d) => d.category === c)] as [BlockCategory, BlockDefinition[]])
    .filter(([, list]) => list.length > 0);
}

export function Palette() {
  const [query, setQuery] = useState('');
  const collapsed = useLayout((s) => s.palette.collapsed);
  const groups = useMemo(() => groupBlocks(query ? matchBlocks(query) : blockTypes()), [query]);

  const commands = useCommands();
  const addAtCenter = (type: string) => commands.run(`add:${type}`);

  const onDragStart = (event: DragEvent, type: string) => {
    event.dataTransfer.setData(BLOCK_MIME, type);
    event.dataTransfer.effectAllowed = 'copy';
  };

  if (collapsed)
    return (
      <aside className="palette collapsed" aria-label="Blocks">
        <button
          type="button"
          className="strip-button"
          data-testid="expand-palette"
          aria-expanded={false}
          title="Show the block palette"
          onClick={() => togglePanel(layoutStore, 'palette', false)}
        >
          Blocks
        </button>
      </aside>
    );

  return (
    <aside className="palette" aria-label="Blocks" id="palette">
      <div className="palette-top">
        <input
          className="palette-search"
          type="search"
          placeholder="Search blocks…"
          aria-label="Search blocks"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            const first = groups[0]?.[1][0];
            if (e.key === 'Enter' && first) {
              addAtCenter(first.type);
              setQuery('');
            }
          }}
        />
        <button
          type="button"
          className="collapse-button"
          data-testid="collapse-palette"
          aria-expanded={true}
          aria-controls="palette"
          title="Hide the block palette"
          aria-label="Hide the block palette"
          onClick={() => togglePanel(layoutStore, 'palette', true)}
        >
          «
        </button>
      </div>
      {groups.map(([category, defs]) => (
        <section key={category} className="palette-group">
          <h3>{categoryTitles[category]}</h3>
          {defs.map((def) => (
            <button
              type="button"
              key={def.type}
              className={`palette-item item-${def.category}`}
              draggable
              onDragStart={(e) => onDragStart(e, def.type)}
              onDoubleClick={() => addAtCenter(def.type)}
              // Enter or Space adds the block (a click from the keyboard has no click count); a
              // single mouse click does not, as it starts a drag.
              onClick={(e) => e.detail === 0 && addAtCenter(def.type)}
              title={`${def.description}\n\n${def.formula.forward}\n\nDrag onto the canvas, or double-click to add.`}
              data-testid={`palette-${def.type}`}
            >
              <span className={`block-dot dot-${def.category}`} />
              <span>{def.title}</span>
            </button>
          ))}
        </section>
      ))}
      {groups.length === 0 && <p className="muted">No block matches “{query}”.</p>}
    </aside>
  );
}
