/** English: the diagnostics of data, documents, imports and solving, by key (spread into `diagnostics` of ../en.ts). */
import type { Catalogue } from '../../index.js';

export const engineMessages = {} satisfies Catalogue;
