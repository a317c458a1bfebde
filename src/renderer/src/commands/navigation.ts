/**
 * Arrow keys on the canvas: plain arrows move the selection along the wires (see
 * editor/navigation.ts); Shift + arrows move the selected blocks by one grid step.
 */
import type { StoreApi } from 'zustand';
import type { EditorState } from '../editor/store.js';
import { firstBlock, neighbour, type Direction } from '../editor/navigation.js';
import type { CommandRegistry } from './registry.js';
import { isEditable } from './registry.js';

export const GRID_STEP = 20;

const directions: Record<string, Direction> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

/** Whether the arrow keys belong to the canvas: focus on a block, the canvas, or nowhere. */
function canvasHasKeys(): boolean {
  const active = document.activeElement;
  if (!active || active === document.body) return true;
  if (isEditable(active)) return false;
  return !!active.closest('.react-flow');
}

/** Handles an arrow key for the canvas; returns whether it did. */
export function navigateByKey(event: KeyboardEvent, commands: CommandRegistry, editor: StoreApi<EditorState>): boolean {
  const direction = directions[event.key];
  if (!direction || event.ctrlKey || event.metaKey || event.altKey || !canvasHasKeys()) return false;
  const s = editor.getState();
  if (event.shiftKey) {
    const [dx, dy] = { left: [-1, 0], right: [1, 0], up: [0, -1], down: [0, 1] }[direction];
    if (!s.nodes.some((n) => n.selected)) return false;
    event.preventDefault();
    s.moveSelection(dx * GRID_STEP, dy * GRID_STEP);
    return true;
  }
  const selected = s.nodes.filter((n) => n.selected);
  const from = selected.length ? selected[selected.length - 1].id : null;
  const to = from ? neighbour(s.nodes, s.edges, from, direction) : firstBlock(s.nodes);
  event.preventDefault();
  if (to) commands.revealNode(to);
  return true;
}
