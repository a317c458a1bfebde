/** English: the diagnostics of data, documents, imports and solving, by key (spread into `diagnostics` of ../en.ts). */
import type { Catalogue } from '../../index.js';

export const engineMessages = {
  // data: csv.ts, data.ts, datasets/source.ts
  // —
  // files: format.ts, least-squares.ts, runtime.ts, diagnostics.ts (internalError), interop/
} satisfies Catalogue;
