/** Russian: the runs part of the catalogue (the same keys as ../en/runs.ts). */
import type { Catalogue } from '../../index.js';

export const runsMessages: Catalogue = {};
