/** Russian: the engine part of the catalogue (the same keys as ../en/engine.ts). */
import type { Catalogue } from '../../index.js';

export const engineMessages: Catalogue = {};
