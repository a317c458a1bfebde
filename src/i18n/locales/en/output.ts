/** English: the output part of the catalogue (its own top-level groups; see ../en.ts). */
import type { Catalogue } from '../../index.js';

export const outputMessages = {} satisfies Catalogue;
