/** Shortcut spelling and matching, and where the arrow keys take the selection. */
import { describe, expect, it } from 'vitest';
import { parseDocument, serializeDocument } from '../../src/engine/index.js';
import { formatShortcut, matchesShortcut } from '../../src/renderer/src/commands/shortcuts.js';
import { toFlow } from '../../src/renderer/src/editor/model.js';
import { firstBlock, neighbour } from '../../src/renderer/src/editor/navigation.js';
import { templates } from '../../src/renderer/src/editor/templates.js';

const key = (init: KeyboardEventInit) => new KeyboardEvent('keydown', init);

describe('shortcuts', () => {
  it('spells shortcuts for each platform', () => {
    expect(formatShortcut('CmdOrCtrl+Shift+P', false)).toBe('Ctrl+Shift+P');
    expect(formatShortcut('CmdOrCtrl+Shift+P', true)).toBe('⇧⌘P');
    expect(formatShortcut('Delete', false)).toBe('Delete');
    expect(formatShortcut('CmdOrCtrl+Enter', true)).toBe('⌘↩');
    expect(formatShortcut('Alt+1', false)).toBe('Alt+1');
  });

  it('matches key events, Ctrl or ⌘ for CmdOrCtrl, Shift exactly for letters', () => {
    expect(matchesShortcut('CmdOrCtrl+Shift+P', key({ key: 'P', ctrlKey: true, shiftKey: true }))).toBe(true);
    expect(matchesShortcut('CmdOrCtrl+Shift+P', key({ key: 'p', metaKey: true, shiftKey: true }))).toBe(true);
    expect(matchesShortcut('CmdOrCtrl+Shift+P', key({ key: 'p', ctrlKey: true }))).toBe(false);
    expect(matchesShortcut('C', key({ key: 'c' }))).toBe(true);
    expect(matchesShortcut('C', key({ key: 'C', shiftKey: true }))).toBe(false);
    expect(matchesShortcut('C', key({ key: 'c', ctrlKey: true }))).toBe(false);
    expect(matchesShortcut('CmdOrCtrl+Plus', key({ key: '+', ctrlKey: true, shiftKey: true }))).toBe(true);
    // Option+1 types ¡ on a Mac: the key's code still says 1.
    expect(matchesShortcut('Alt+1', key({ key: '¡', code: 'Digit1', altKey: true }))).toBe(true);
  });
});

describe('arrow-key navigation', () => {
  const parsed = parseDocument(serializeDocument(templates.find((t) => t.id === 'xor')!.document));
  if (!parsed.ok) throw new Error('xor example invalid');
  const { nodes, edges } = toFlow(parsed.document);

  it('follows the wires: → to a consumer, ← to the first input’s producer, ↑/↓ among siblings', () => {
    expect(firstBlock(nodes)).toBe('x');
    expect(neighbour(nodes, edges, 'x', 'right')).toBe('h');
    expect(neighbour(nodes, edges, 'p', 'right')).toBe('L');
    expect(neighbour(nodes, edges, 'L', 'left')).toBe('p');
    expect(neighbour(nodes, edges, 'p', 'down')).toBe('t');
    expect(neighbour(nodes, edges, 't', 'up')).toBe('p');
    expect(neighbour(nodes, edges, 'x', 'left')).toBeNull();
    expect(neighbour(nodes, edges, 'L', 'right')).toBeNull();
  });

  it('takes the first input port’s producer whatever the edge order', () => {
    const reversed = [...edges].reverse();
    expect(neighbour(nodes, reversed, 'L', 'left')).toBe('p');
  });
});
