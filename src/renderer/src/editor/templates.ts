/** The example graphs of examples/, offered as templates (New from Example) in the course's order. */
import { DiagnosticError, inCourseOrder, loadDocument, type GraphDocument } from '../../../engine/index.js';
import type { Translate } from '../../../i18n/index.js';
import { exampleText } from '../block-text.js';

const files = import.meta.glob<unknown>('../../../../examples/*.bps.json', { eager: true, import: 'default' });

export interface Template {
  id: string;
  name: string;
  description: string;
  document: GraphDocument;
}

/** In the course's order (engine/course.ts), as the desktop menu lists them. */
export const templates: readonly Template[] = inCourseOrder(
  Object.entries(files).flatMap(([file, value]) => {
    const loaded = loadDocument(value);
    // A broken example is a bug of ours, found by the tests before any user meets it.
    if (!loaded.ok) throw new DiagnosticError(loaded.diagnostics.map((d) => ({ ...d, where: `${file}: ${d.where}` })));
    const id = file.replace(/^.*\/|\.bps\.json$/g, '');
    return [
      { id, name: loaded.document.name, description: loaded.document.description ?? '', document: loaded.document },
    ];
  }),
);

export const DEFAULT_TEMPLATE = 'xor';

/**
 * A new document from an example, named and described in the user's language (examples.<id> of
 * the catalogue): from then on it is the user's document, whose words are theirs to change.
 */
export function exampleDocument(template: Template, t: Translate): GraphDocument {
  const { title, description } = exampleText(template, t);
  const document = structuredClone(template.document);
  document.name = title;
  if (template.description) document.description = description;
  return document;
}

export function findTemplate(id: string): Template | undefined {
  return templates.find((t) => t.id === id);
}

/** CSV files the examples train on (examples/data), by the path their documents name. */
const exampleData = import.meta.glob<string>('../../../../examples/data/*.csv', {
  eager: true,
  query: '?raw',
  import: 'default',
});

/** The text of an example's data file, e.g. `data/anscombe.csv`, when it ships with the app. */
export function exampleDataFile(source: string): { name: string; text: string } | null {
  const entry = Object.entries(exampleData).find(([file]) => file.endsWith(`/examples/${source.replace(/^\.\//, '')}`));
  return entry ? { name: source.split('/').pop()!, text: entry[1] } : null;
}
