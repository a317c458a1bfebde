/**
 * The block palette, generated from the engine's registry and grouped by category: a new block
 * type appears here without UI edits. Drag a block onto the canvas, double-click it (or press
 * Enter on it) to add it beside the selected block or in the middle of the view, or search and
 * press Enter.
 */
import { useMemo, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { blockTypes, type BlockCategory, type BlockDefinition } from '../../../engine/index.js';
import { english, type Translate } from '../../../i18n/index.js';
import { blockDescription, blockFormula, blockTitle, categoryTitle } from '../block-text.js';
import { useCommands } from '../commands/use.js';
import { layoutStore, togglePanel, useLayout } from '../layout.js';
import { BLOCK_MIME } from './Canvas.js';

/**
 * Block types whose title, type, category or description contain `query`, best matches first; the
 * words of the user's language (`t`) and English both match.
 */
export function matchBlocks(query: string, t: Translate = english): BlockDefinition[] {
  const q = query.trim().toLowerCase();
  const all = blockTypes();
  if (!q) return [...all];
  const score = (d: BlockDefinition) => {
    const titles = [d.title.toLowerCase(), blockTitle(d, t).toLowerCase()];
    const categories = [d.category, categoryTitle(d.category, t).toLowerCase()];
    const descriptions = [d.description.toLowerCase(), blockDescription(d, t).toLowerCase()];
    if (titles.some((x) => x.startsWith(q)) || d.type.startsWith(q)) return 0;
    if (titles.some((x) => x.includes(q)) || d.type.includes(q)) return 1;
    if (categories.some((x) => x.includes(q))) return 2;
    if (descriptions.some((x) => x.includes(q))) return 3;
    return -1;
  };
  return all
    .map((d) => [d, score(d)] as const)
    .filter(([, s]) => s >= 0)
    .sort((a, b) => a[1] - b[1])
    .map(([d]) => d);
}

/** The palette's groups, in this order. */
const categoryOrder: readonly BlockCategory[] = ['data', 'layer', 'activation', 'combine', 'loss'];

export function groupBlocks(defs: readonly BlockDefinition[]): [BlockCategory, BlockDefinition[]][] {
  const order = categoryOrder;
  return order
    .map((c) => [c, defs.filter((d) => d.category === c)] as [BlockCategory, BlockDefinition[]])
    .filter(([, list]) => list.length > 0);
}

export function Palette() {
  const [query, setQuery] = useState('');
  const { t, i18n } = useTranslation();
  const collapsed = useLayout((s) => s.palette.collapsed);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the matches follow the language too
  const groups = useMemo(() => groupBlocks(query ? matchBlocks(query, t) : blockTypes()), [query, t, i18n.language]);

  const commands = useCommands();
  const addAtCenter = (type: string) => commands.run(`add:${type}`);

  const onDragStart = (event: DragEvent, type: string) => {
    event.dataTransfer.setData(BLOCK_MIME, type);
    event.dataTransfer.effectAllowed = 'copy';
  };

  if (collapsed)
    return (
      <aside className="palette collapsed" aria-label={t('palette.blocks')}>
        <button
          type="button"
          className="strip-button"
          data-testid="expand-palette"
          aria-expanded={false}
          title={t('palette.show')}
          onClick={() => togglePanel(layoutStore, 'palette', false)}
        >
          {t('palette.blocks')}
        </button>
      </aside>
    );

  return (
    <aside className="palette" aria-label={t('palette.blocks')} id="palette">
      <div className="palette-top">
        <input
          className="palette-search"
          type="search"
          placeholder={t('palette.searchPlaceholder')}
          aria-label={t('palette.search')}
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
          title={t('palette.hide')}
          aria-label={t('palette.hide')}
          onClick={() => togglePanel(layoutStore, 'palette', true)}
        >
          «
        </button>
      </div>
      {groups.map(([category, defs]) => (
        <section key={category} className="palette-group">
          <h3>{categoryTitle(category, t)}</h3>
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
              title={`${blockDescription(def, t)}\n\n${blockFormula(def, 'forward', t)}\n\n${t('palette.howToAdd')}`}
              data-testid={`palette-${def.type}`}
            >
              <span className={`block-dot dot-${def.category}`} />
              <span>{blockTitle(def, t)}</span>
            </button>
          ))}
        </section>
      ))}
      {groups.length === 0 && <p className="muted">{t('palette.noMatch', { query })}</p>}
    </aside>
  );
}
