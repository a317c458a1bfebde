/**
 * The block registry's and the examples' words in the user's language, by the message keys the
 * definitions carry (src/engine/blocks/block.ts `messages`); the definition's English where a
 * catalogue lacks a key (a block added since), so nothing ever shows a bare key.
 */
import type { BlockCategory, BlockDefinition, ParamField } from '../../engine/index.js';
import type { Translate } from '../../i18n/index.js';

const say = (t: Translate, key: string | undefined, english: string): string => {
  if (!key) return english;
  const text = t(key);
  return text === key ? english : text;
};

export function blockTitle(def: BlockDefinition, t: Translate): string {
  return say(t, def.messages.title, def.title);
}

export function blockDescription(def: BlockDefinition, t: Translate): string {
  return say(t, def.messages.description, def.description);
}

/**
 * A block's short label (`Linear 2→4`) in the user's language: the engine's label with the
 * block's title said in that language (the numbers after it are the same everywhere).
 */
export function blockLabel(def: BlockDefinition, params: unknown, t: Translate): string {
  const label = def.label(params);
  return label.startsWith(def.title) ? blockTitle(def, t) + label.slice(def.title.length) : label;
}

export function fieldLabel(def: BlockDefinition, field: ParamField, t: Translate): string {
  return say(t, def.messages.params[field.key]?.label, field.label);
}

export function fieldHelp(def: BlockDefinition, field: ParamField, t: Translate): string | undefined {
  return field.help === undefined ? undefined : say(t, def.messages.params[field.key]?.help, field.help);
}

/** Where an inferred field's value comes from (`the columns of the incoming wire`), in the user's language. */
export function fieldInferredFrom(def: BlockDefinition, field: ParamField, t: Translate): string | undefined {
  if (field.kind !== 'int' || field.inferredFrom === undefined) return undefined;
  return say(t, def.messages.params[field.key]?.inferredFrom, field.inferredFrom);
}

/** An enum option's word in the user's language (the value itself stays in the document). */
export function fieldOption(def: BlockDefinition, field: ParamField, option: string, t: Translate): string {
  return say(t, def.messages.params[field.key]?.options?.[option], option);
}

/** A block's forward or backward rule, its words (if, else, rows…) in the user's language. */
export function blockFormula(def: BlockDefinition, pass: 'forward' | 'backward', t: Translate): string {
  return say(t, def.messages.formula[pass], def.formula[pass]);
}

export function categoryTitle(category: BlockCategory, t: Translate): string {
  return t(`blockCategories.${category}`);
}

/** An example's name and description (examples.<id>), else the document's own. */
export function exampleText(
  template: { id: string; name: string; description: string },
  t: Translate,
): { title: string; description: string } {
  return {
    title: say(t, `examples.${template.id}.title`, template.name),
    description: say(t, `examples.${template.id}.description`, template.description),
  };
}
