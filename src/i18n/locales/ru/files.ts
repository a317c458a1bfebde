/** Russian: the files part of the catalogue (the same keys as ../en/files.ts). */
import type { Catalogue } from '../../index.js';

export const filesMessages: Catalogue = {};
