import type { FileFilter } from '../../../preload/api.js';

export const documentFilter: FileFilter = { name: 'Backprop Studio graph', extensions: ['bps.json'] };
export const jsonFilter: FileFilter = { name: 'JSON', extensions: ['json'] };
