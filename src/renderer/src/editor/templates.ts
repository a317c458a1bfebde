/** The example graphs of examples/, offered as templates (New from Example). */
import { loadDocument, type GraphDocument } from '../../../engine/index.js';

const files = import.meta.glob<unknown>('../../../../examples/*.bps.json', { eager: true, import: 'default' });

export interface Template {
  id: string;
  name: string;
  description: string;
  document: GraphDocument;
}

export const templates: readonly Template[] = Object.entries(files)
  .flatMap(([file, value]) => {
    const loaded = loadDocument(value);
    if (!loaded.ok) throw new Error(`example ${file} is invalid: ${loaded.diagnostics[0].message}`);
    const id = file.replace(/^.*\/|\.bps\.json$/g, '');
    return [{ id, name: loaded.document.name, description: loaded.document.description ?? '', document: loaded.document }];
  })
  .sort((a, b) => a.id.localeCompare(b.id));

export const DEFAULT_TEMPLATE = 'xor';

export function findTemplate(id: string): Template | undefined {
  return templates.find((t) => t.id === id);
}
