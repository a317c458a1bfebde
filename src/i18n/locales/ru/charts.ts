/** Russian: the charts part of the catalogue (the same keys as ../en/charts.ts). */
import type { Catalogue } from '../../index.js';

export const chartsMessages: Catalogue = {};
