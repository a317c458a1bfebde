/** `backprop runs FILE`: lists the Train runs a document keeps (see `train --runs`). */
import { resolveTraining, runDiff, runLossName, type RunRecord } from '../../engine/index.js';
import { describePhrase, english } from '../../i18n/index.js';
import type { OptionSpec } from '../args.js';
import { fileArgument, helpOption, jsonOption, type Command } from '../command.js';
import { formatNumber, formatPercent, table } from '../output.js';
import { CliError } from '../problems.js';
import { parseDocumentFile } from '../sources.js';

/** One run as `runs --json` prints it: everything but its curves and weights, and what changed from the run before. */
export interface RunSummary {
  id: string;
  name: string;
  color: string;
  visible: boolean;
  created?: string;
  settings: RunRecord['settings'];
  data: RunRecord['data'];
  loss: string;
  epochs: number;
  final?: RunRecord['final'];
  fingerprint: string;
  /** Whether the run keeps its final weights (the app can restore them). */
  weights: boolean;
  /** What changed from the run before ("optimizer: SGD → Adam"); empty for the first. */
  changes: string[];
}

export function summarizeRuns(runs: readonly RunRecord[]): RunSummary[] {
  return runs.map((run, i) => ({
    id: run.id,
    name: run.name,
    color: run.color,
    visible: run.visible !== false,
    ...(run.created ? { created: run.created } : {}),
    settings: run.settings,
    data: run.data,
    loss: runLossName(run),
    epochs: run.epochs,
    ...(run.final ? { final: run.final } : {}),
    fingerprint: run.fingerprint,
    weights: run.weights !== undefined,
    // In English, as the table and --json write everything else.
    changes: i > 0 ? runDiff(runs[i - 1], run).map((p) => describePhrase(p, english, 'en')) : [],
  }));
}

const optimizerTitles: Record<string, string> = { sgd: 'SGD', momentum: 'Momentum', adam: 'Adam', adamw: 'AdamW' };

const options: OptionSpec[] = [jsonOption, helpOption];

export const runsCommand: Command = {
  name: 'runs',
  summary: "list the Train runs a document keeps (train --runs, or the app's Runs list)",
  usage: 'runs FILE',
  details: [
    'Lists the runs kept in the document, oldest first: name, optimizer, learning rate, batch, epochs, the loss block, the final training (and validation) loss and accuracy, the data and its seed, and what changed from the run before.',
    '--json prints one object per run: {"id","name","color","visible","settings","data","loss","epochs","final","fingerprint","weights","changes":[…]} (the curves and weights are in the document itself).',
  ],
  options,
  run(args, io) {
    const file = fileArgument(args, 'runs');
    const parsed = parseDocumentFile(file);
    if (!parsed.ok) throw new CliError(parsed.errors);
    const runs = parsed.document.runs ?? [];
    const summaries = summarizeRuns(runs);
    if (args.options.json === true) {
      for (const s of summaries) io.out(JSON.stringify(s));
      return 0;
    }
    if (runs.length === 0) {
      io.out(`${file} keeps no runs (train with --runs --out, or train in the app)`);
      return 0;
    }
    const accuracy = runs.some((r) => r.final?.accuracy !== undefined);
    const validation = runs.some((r) => r.final?.valLoss !== undefined);
    const header = [
      '#',
      'name',
      'optimizer',
      'lr',
      'batch',
      'epochs',
      'loss block',
      'loss',
      ...(validation ? ['val loss'] : []),
      ...(accuracy ? ['accuracy'] : []),
      'data',
      'changes',
    ];
    const rows = summaries.map((s, i) => {
      const c = resolveTraining(s.settings);
      return [
        String(i + 1),
        s.name,
        optimizerTitles[c.optimizer] ?? c.optimizer,
        String(Number(c.lr.toPrecision(6))),
        String(c.batchSize),
        String(s.epochs),
        s.loss,
        s.final ? formatNumber(s.final.loss) : '',
        ...(validation ? [s.final?.valLoss === undefined ? '' : formatNumber(s.final.valLoss)] : []),
        ...(accuracy ? [s.final?.accuracy === undefined ? '' : formatPercent(s.final.accuracy)] : []),
        `${s.data.source ?? '—'} (data seed ${s.data.dataSeed})`,
        i === 0 ? '' : s.changes.length ? s.changes.join('; ') : 'same settings',
      ];
    });
    const right = new Set(['#', 'lr', 'batch', 'epochs', 'loss', 'val loss', 'accuracy']);
    for (const line of table(
      header,
      rows,
      header.map((h) => (right.has(h) ? 'right' : 'left')),
    ))
      io.out(line);
    return 0;
  },
};
