import { readFileSync, writeFileSync } from 'node:fs';
import { exportPytorch } from './src/engine/index.js';
const doc = JSON.parse(readFileSync('/work/wt/regul/examples/xor.bps.json', 'utf8'));
doc.training = { ...doc.training, optimizer: 'adamw', weightDecay: 0.05, l1: 0.01, lrSchedule: 'cosine', tMax: 20, patience: 5 };
const r = exportPytorch(doc);
if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
writeFileSync('/tmp/model_reg.py', r.code);
