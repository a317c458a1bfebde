/** Russian: the engine part of the catalogue (the same keys as ../en/engine.ts). */
import type { Catalogue } from '../../index.js';

export const engineMessages: Catalogue = {
  // data: csv.ts, data.ts, datasets/source.ts
  // —
  // files: format.ts, least-squares.ts, runtime.ts, diagnostics.ts (internalError), interop/
};
