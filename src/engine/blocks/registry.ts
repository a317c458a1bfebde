/** The block registry: every block type, registered once, looked up by its `type` string. */
import type { BlockDefinition } from './block.js';

const registry = new Map<string, BlockDefinition>();

export function registerBlock(def: BlockDefinition): void {
  if (registry.has(def.type)) throw new Error(`block type '${def.type}' is registered twice`);
  registry.set(def.type, def);
}

export function findBlock(type: string): BlockDefinition | undefined {
  return registry.get(type);
}

/** The definition of `type`; throws naming the type when there is none. */
export function getBlock(type: string): BlockDefinition {
  const def = registry.get(type);
  if (!def) throw new Error(`unknown block type '${type}' (known: ${[...registry.keys()].join(', ')})`);
  return def;
}

/** All registered definitions, in registration order (the palette's order). */
export function blockTypes(): readonly BlockDefinition[] {
  return [...registry.values()];
}
