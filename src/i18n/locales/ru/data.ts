/** Russian: the data part of the catalogue (the same keys as ../en/data.ts). */
import type { Catalogue } from '../../index.js';

export const dataMessages: Catalogue = {};
