/**
 * What the user is looking at among weights and units (transient, not saved): the selected
 * weight (the inspector, the neuron view and the weight grid all show the same one), each
 * block's slider range, the Linear blocks expanded to neurons on the canvas, and the unit shown
 * large in the output view.
 */
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { WeightRef } from './editor/weights.js';

export interface SliderRange {
  min: number;
  max: number;
}

/** A unit (output column `unit` of block `nodeId`) shown large in the output view. */
export interface FocusedUnit {
  nodeId: string;
  unit: number;
  /** Clicked (stays) rather than hovered (goes when the pointer leaves). */
  pinned: boolean;
}

export interface FocusState {
  selectedWeight: WeightRef | null;
  ranges: Record<string, SliderRange>;
  expanded: Record<string, true>;
  focusedUnit: FocusedUnit | null;
}

export const focusStore = createStore<FocusState>(() => ({
  selectedWeight: null,
  ranges: {},
  expanded: {},
  focusedUnit: null,
}));

export const useFocus = <T>(selector: (s: FocusState) => T): T => useStore(focusStore, selector);

export const selectWeight = (ref: WeightRef | null): void => focusStore.setState({ selectedWeight: ref });

export const sameWeight = (a: WeightRef | null, b: WeightRef | null): boolean =>
  !!a && !!b && a.nodeId === b.nodeId && a.name === b.name && a.index === b.index;

/** The default slider range: symmetric, wide enough for every value of the block, at least ±2. */
export function defaultRange(values: readonly number[]): SliderRange {
  const largest = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const limit = Math.max(2, Math.ceil(largest * 1.25));
  return { min: -limit, max: limit };
}

export function setRange(nodeId: string, range: SliderRange): void {
  focusStore.setState((s) => ({ ranges: { ...s.ranges, [nodeId]: range } }));
}

export function setExpanded(nodeId: string, on: boolean): void {
  focusStore.setState((s) => {
    const { [nodeId]: _was, ...rest } = s.expanded;
    return { expanded: on ? { ...rest, [nodeId]: true } : rest };
  });
}

/** Shows a unit large (hover: `pinned` false) or stops; a pinned unit stays until clicked again. */
export function focusUnit(unit: FocusedUnit | null): void {
  const current = focusStore.getState().focusedUnit;
  if (unit && !unit.pinned && current?.pinned) return;
  if (!unit && current?.pinned) return;
  focusStore.setState({ focusedUnit: unit });
}

export function unpinUnit(): void {
  focusStore.setState({ focusedUnit: null });
}
