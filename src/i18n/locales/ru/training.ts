/** Russian: the training part of the catalogue (the same keys as ../en/training.ts). */
import type { Catalogue } from '../../index.js';

export const trainingMessages: Catalogue = {};
