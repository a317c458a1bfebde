/** Russian: the output part of the catalogue (the same keys as ../en/output.ts). */
import type { Catalogue } from '../../index.js';

export const outputMessages: Catalogue = {};
