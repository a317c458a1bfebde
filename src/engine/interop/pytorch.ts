/**
 * PyTorch export: one readable Python file (`model.py`) holding the graph as a `torch.nn.Module`
 * — a `nn.Linear` per linear block, named after its node, and a `forward()` that follows the
 * graph in topological order — with the stored input normalisation applied in `forward()`, the
 * trained weights embedded at full float32 precision, the document's loss as torch criteria and
 * its optimizer (weight decay and the L1 penalty on the weight matrices only, as parameter groups;
 * the learning-rate schedule as a torch scheduler; early stopping on a validation file), a short
 * training loop (DataLoader over a CSV file) and a command line:
 *
 *   python3 model.py --predict rows.csv [--json]     predictions, as `backprop predict` prints them
 *   python3 model.py --train data.csv [--val val.csv] [--epochs N] [--save model.pt]
 *
 * so that users continue training with PyTorch's own (also distributed) tooling. See docs/export.md.
 */
import { internalError, type Diagnostic } from '../diagnostics.js';
import type { GraphDocument } from '../format.js';
import type { CompiledNode } from '../graph.js';
import { resolveTraining, type TrainingConfig } from '../training.js';
import {
  computeInterop,
  lossInterop,
  whyNotExpressible,
  type PytorchCriterion,
  type PytorchForward,
} from './blocks.js';
import { nameGiver } from './names.js';
import { modelSignature, type ModelSignature } from './signature.js';

export interface PytorchExportSummary {
  /** The arguments of Model.forward, in order: one per Input block. */
  inputs: { name: string; columns: string[]; normalized: boolean }[];
  /** What Model.forward returns, in order (a tuple when there are several). */
  outputs: { name: string; columns: number; loss: string }[];
}

export type PytorchExportResult =
  | { ok: true; code: string; summary: PytorchExportSummary; warnings: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

const PYTHON_KEYWORDS = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
  'match',
  'case',
  'type',
  '_',
]);
/** Names the file uses itself, and attributes every nn.Module has: a layer may not take them. */
const RESERVED = new Set([
  'self',
  'torch',
  'nn',
  'F',
  'DataLoader',
  'TensorDataset',
  'Model',
  'argparse',
  'csv',
  'json',
  'copy',
  'sys',
  'math',
  'print',
  'len',
  'range',
  'float',
  'int',
  'list',
  'dict',
  'tuple',
  'zip',
  'isinstance',
  'super',
  'outputs',
  'training',
  'forward',
  'eval',
  'train',
  'parameters',
  'buffers',
  'modules',
  'children',
  'state_dict',
  'load_state_dict',
  'to',
  'cuda',
  'cpu',
  'double',
  'half',
  'bfloat16',
  'apply',
  'zero_grad',
  'register_buffer',
  'register_parameter',
  'register_module',
  'add_module',
  'named_parameters',
  'named_buffers',
  'named_modules',
  'named_children',
  'requires_grad_',
  'share_memory',
  'extra_repr',
  'dump_patches',
  'get_submodule',
  'get_parameter',
  'get_buffer',
  'set_extra_state',
  'get_extra_state',
  'to_empty',
  'compile',
  'ipu',
  'xpu',
  'mtia',
  'call_super_init',
  'register_forward_hook',
  'register_forward_pre_hook',
  'register_backward_hook',
  'register_full_backward_hook',
  'register_full_backward_pre_hook',
  'register_state_dict_pre_hook',
  'register_load_state_dict_post_hook',
]);

/** A Python identifier for each node id: unsafe characters become `_`, clashes get a suffix. */
function pythonNames(ids: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  const fresh = nameGiver(new Set<string>(), '_');
  for (const id of ids) {
    let base = id.normalize('NFKD').replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(base)) base = `n_${base}`;
    if (PYTHON_KEYWORDS.has(base) || RESERVED.has(base) || base.startsWith('__')) base = `${base.replace(/^_+/, '')}_`;
    names.set(id, fresh(base));
  }
  return names;
}

/** A double as Python reads it back exactly (`1.0`, `0.1`, `1e-07`). */
function pyFloat(v: number): string {
  const s = String(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

/**
 * The shortest decimal that reads back as the same float32 (at most 9 significant digits, which
 * always do). A binary search over the digits: a p-digit decimal is also one of p + 1 digits, so
 * once p digits read back, more do too.
 */
function float32Literal(v: number): string {
  const f = Math.fround(v);
  if (!Number.isFinite(f) || f === 0) return pyFloat(f);
  let lo = 1;
  let hi = 9;
  while (lo < hi) {
    const p = (lo + hi) >> 1;
    if (Math.fround(Number(f.toPrecision(p))) === f) hi = p;
    else lo = p + 1;
  }
  return pyFloat(Number(f.toPrecision(hi)));
}

const pyString = (s: string): string => JSON.stringify(s);
const pyInts = (entries: readonly (readonly [string, number])[]): string =>
  `{${entries.map(([k, v]) => `${pyString(k)}: ${v}`).join(', ')}}`;
const pyValue = (v: unknown): string =>
  v === null || v === undefined
    ? 'None'
    : typeof v === 'boolean'
      ? v
        ? 'True'
        : 'False'
      : typeof v === 'number'
        ? pyFloat(v)
        : typeof v === 'string'
          ? pyString(v)
          : Array.isArray(v)
            ? `[${v.map(pyValue).join(', ')}]`
            : `{${Object.entries(v as Record<string, unknown>)
                .map(([k, x]) => `${pyString(k)}: ${pyValue(x)}`)
                .join(', ')}}`;

/** Items joined with `, `, wrapped to lines of at most `width` characters at `indent`. */
function wrapItems(items: readonly string[], indent: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line ? `${line} ${item},` : `${item},`;
    if (line && indent.length + next.length > width) {
      lines.push(indent + line);
      line = `${item},`;
    } else line = next;
  }
  if (line) lines.push(indent + line);
  return lines;
}

/** `name = [values]` for a weight (rows of a matrix on lines of their own). */
function weightLiteral(key: string, shape: readonly number[], data: readonly number[]): string[] {
  const literal = data.map(float32Literal);
  const head = `    ${pyString(key)}: `;
  if (shape.length === 1) {
    const one = `${head}[${literal.join(', ')}],`;
    if (one.length <= 100) return [one];
    return [`${head}[`, ...wrapItems(literal, '        '), '    ],'];
  }
  const cols = shape[1];
  const rows = Array.from({ length: shape[0] }, (_, r) => literal.slice(r * cols, (r + 1) * cols));
  const out = [`${head}[`];
  for (const row of rows) {
    const one = `        [${row.join(', ')}],`;
    if (one.length <= 100) out.push(one);
    else {
      out.push('        [');
      for (const line of wrapItems(row, '            ')) out.push(line);
      out.push('        ],');
    }
  }
  out.push('    ],');
  return out;
}

/** Generates `model.py` for a document (a parsed `.bps.json` value). Never throws. */
export function exportPytorch(document: GraphDocument | unknown): PytorchExportResult {
  try {
    return exportChecked(document);
  } catch (e) {
    return {
      ok: false,
      diagnostics: [internalError(e, 'the graph could not be exported to PyTorch', '(graph)', 'internal.pytorch')],
    };
  }
}

function exportChecked(document: GraphDocument | unknown): PytorchExportResult {
  const described = modelSignature(document);
  if (!described.ok) return described;
  const { graph, nodes } = described.signature;
  const losses = graph.losses.map((n) => graph.nodes[n]);
  const unsupported = [...nodes, ...losses].find((n) => !n.def.source && whyNotExpressible(n.def, 'pytorch'));
  if (unsupported) {
    return {
      ok: false,
      diagnostics: [
        {
          code: 'unknown-type',
          severity: 'error',
          where: `node ${unsupported.id}`,
          message: `node '${unsupported.id}': ${unsupported.def.title} blocks cannot be exported to PyTorch: ${whyNotExpressible(unsupported.def, 'pytorch')}`,
          key: 'pytorch.block',
          values: {
            id: unsupported.id,
            block: unsupported.def.title,
            reason: whyNotExpressible(unsupported.def, 'pytorch') ?? '',
          },
          nodeIds: [unsupported.id],
        },
      ],
    };
  }
  const signature = described.signature;
  const names = pythonNames(signature.graph.nodes.map((n) => n.id));
  return {
    ok: true,
    code: generate(signature),
    summary: {
      inputs: signature.inputs.map((i) => ({
        name: names.get(i.id)!,
        columns: i.columns,
        normalized: i.normalization !== undefined,
      })),
      outputs: signature.outputs.map((o) => ({ name: names.get(o.id)!, columns: o.size, loss: o.loss.id })),
    },
    warnings: signature.warnings,
  };
}

/** A block's PyTorch entry (the export checked that every node has one). */
const forwardOf = (node: CompiledNode): PytorchForward => computeInterop(node.def)!.pytorch as PytorchForward;
const criterionOf = (node: CompiledNode): PytorchCriterion => lossInterop(node.def)!.pytorch as PytorchCriterion;

function generate(signature: ModelSignature): string {
  const { graph, weights } = signature;
  const doc = graph.document;
  const training = resolveTraining(doc.training);
  const names = pythonNames(graph.nodes.map((n) => n.id));
  const py = (id: string) => names.get(id)!;
  const inputNames = signature.inputs.map((i) => py(i.id));
  const outputs = signature.outputs;
  const allLosses = graph.losses.map((n) => graph.nodes[n]);
  const lossesOf = new Map<string, CompiledNode[]>();
  for (const l of allLosses) {
    const pred = graph.nodes[l.inputs[0].source].id;
    const list = lossesOf.get(pred);
    if (list) list.push(l);
    else lossesOf.set(pred, [l]);
  }
  // The targets compared with the outputs, in the order of the outputs and their losses.
  const targets = [
    ...new Set(outputs.flatMap((o) => (lossesOf.get(o.id) ?? []).map((l) => graph.nodes[l.inputs[1].source]))),
  ];
  const losses = [...allLosses].sort((a, b) => a.docIndex - b.docIndex);
  const first = outputs[0];
  const multiclass = first.loss.def.loss?.classification === 'multiclass';
  const binary = first.loss.def.loss?.classification === 'binary' && first.size === 1;
  const outputColumns =
    !multiclass && doc.data?.targets?.length === first.size
      ? doc.data.targets
      : first.size === 1
        ? ['out']
        : Array.from({ length: first.size }, (_, k) => `out${k}`);
  const modules = signature.nodes.filter((n) => !n.def.source && forwardOf(n).module);
  const inputSizes = (n: CompiledNode) => n.inputs.map((i) => graph.nodes[i.source].outputSize);
  const chain = signature.nodes.filter((n) => !n.def.source).map((n) => `${n.id} (${n.def.label(n.params)})`);
  const L: string[] = [];
  // One line at a time: a large weight is many lines, too many to spread as arguments.
  const push = (...lines: string[]) => {
    for (const line of lines) L.push(line);
  };
  const pushAll = (lines: readonly string[]) => {
    for (const line of lines) L.push(line);
  };

  // ---- header
  const usage = [
    `${doc.name} — a PyTorch model exported from Backprop Studio.`,
    '',
    ...(doc.description ? [doc.description, ''] : []),
    'The graph as a torch.nn.Module with its trained weights and input normalisation, the loss and',
    'optimizer the document trains with, and a short training loop. Usage:',
    '',
    '    python3 model.py --predict rows.csv [--json]   # predictions, as `backprop predict` prints them',
    '    python3 model.py --train data.csv --epochs 100 --save model.pt',
    '    python3 model.py --load model.pt --predict rows.csv',
    '',
    'A CSV file has a header row; the feature (and target) columns are picked by name, else by',
    'position (features first, targets last). In your own code: `from model import Model`;',
    '`Model()` holds the trained weights, `Model(trained=False)` starts afresh.',
  ];
  push('#!/usr/bin/env python3', `"""${usage.join('\n').replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"')}\n"""`);
  push(
    'import argparse',
    'import copy',
    'import csv',
    'import json',
    'import sys',
    '',
    'import torch',
    'from torch import nn',
    'from torch.nn import functional as F',
    'from torch.utils.data import DataLoader, TensorDataset',
    '',
  );

  // ---- constants
  push('# Feature columns of each input (the arguments of Model.forward), in order.');
  push(
    `INPUTS = ${pyValue(Object.fromEntries(signature.inputs.map((i) => [i.id, i.namedColumns ? i.columns : null])))}`,
  );
  push(`INPUT_SIZES = ${pyInts(signature.inputs.map((i) => [i.id, i.size]))}`);
  push('# Target columns of each target the losses compare with (None: by position).');
  const recordedTargets = recordedTargetColumns(doc, targets);
  push(
    `TARGETS = ${pyValue(Object.fromEntries(targets.map((t, k) => [t.id, (t.params.columns as string[] | undefined) ?? recordedTargets?.[k] ?? null])))}`,
  );
  push(`TARGET_SIZES = ${pyInts(targets.map((t) => [t.id, t.outputSize]))}`);
  push('# Class names in index order (None: the classes are their indices).');
  push(`CLASSES = ${pyValue(multiclass || binary ? (doc.data?.classes ?? null) : null)}`);
  push('# The predictions Model.forward returns, by node; the first is the one --predict prints.');
  push(`OUTPUTS = ${pyValue(outputs.map((o) => o.id))}`);
  push(`OUTPUT_COLUMNS = ${pyValue(outputColumns)}`);
  push(
    `CLASS_RULE = ${pyValue(multiclass ? 'multiclass' : binary ? 'binary' : null)}  # how --predict turns outputs into classes`,
  );
  const normalized = signature.inputs.filter((i) => i.normalization);
  const buffer = nameGiver(new Set(names.values()), '_');
  const buffers = new Map(
    normalized.map((i) => [i.id, { mean: buffer(`${py(i.id)}_mean`), std: buffer(`${py(i.id)}_std`) }]),
  );
  push('# The input normalisation stored in the document: forward() computes (x - mean) / std.');
  push(`NORMALIZATION = {${normalized.length ? '' : '}'}`);
  for (const i of normalized) {
    push(`    ${pyString(i.id)}: {`);
    push(`        "mean": [${i.normalization!.mean.map(pyFloat).join(', ')}],`);
    push(`        "std": [${i.normalization!.std.map(pyFloat).join(', ')}],`);
    push('    },');
  }
  if (normalized.length) push('}');
  const batch = training.batchSize === 'full' ? 'None' : String(training.batchSize);
  push('# Training settings of the document (batch_size None: all rows in one batch).');
  push(
    `TRAINING = {"optimizer": ${pyString(training.optimizer)}, "lr": ${pyFloat(training.lr)}, "batch_size": ${batch}, "epochs": ${training.epochs}, "seed": ${training.seed}, "shuffle": ${training.shuffle ? 'True' : 'False'}}`,
  );
  push(
    '# Early stopping on the loss of a validation file (train(..., validation=CSV)); None: off.',
    `EARLY_STOPPING = ${training.patience === undefined ? 'None' : `{"patience": ${training.patience}, "min_delta": ${pyFloat(training.minDelta)}, "restore_best": ${training.restoreBest ? 'True' : 'False'}}`}`,
  );
  push('', '');

  // ---- the module
  push('class Model(nn.Module):');
  push(
    `    """${wrapDoc(`The graph ${JSON.stringify(doc.name)}, computed in this order: ${chain.join(', ')}.`, '    ')}"""`,
    '',
  );
  push('    def __init__(self, trained=True):');
  push('        super().__init__()');
  for (const n of modules) push(`        self.${py(n.id)} = ${forwardOf(n).module!(n, inputSizes(n))}`);
  for (const n of modules) {
    if (!n.trainable)
      push(`        self.${py(n.id)}.requires_grad_(False)  # frozen in the document (trainable: false)`);
  }
  for (const i of normalized) {
    const b = buffers.get(i.id)!;
    push(`        self.register_buffer("${b.mean}", torch.tensor(NORMALIZATION[${pyString(i.id)}]["mean"]))`);
    push(`        self.register_buffer("${b.std}", torch.tensor(NORMALIZATION[${pyString(i.id)}]["std"]))`);
  }
  if (modules.length > 0) {
    push('        if trained:');
    push('            self.load_state_dict({k: torch.tensor(v) for k, v in WEIGHTS.items()}, strict=False)');
  }
  push('');
  const returned = outputs.map((o) => py(o.id));
  push(`    def forward(self, ${inputNames.join(', ')}):`);
  push(
    `        """${wrapDoc(`Raw features ${signature.inputs.map((i) => `${py(i.id)} [batch, ${i.size}]`).join(', ')} → ${outputs.length > 1 ? 'the predictions ' : ''}${outputs.map((o) => `${py(o.id)} [batch, ${o.size}]`).join(', ')}.`, '        ')}"""`,
  );
  for (const i of normalized) {
    const v = py(i.id);
    const b = buffers.get(i.id)!;
    push(`        ${v} = (${v} - self.${b.mean}) / self.${b.std}`);
  }
  for (const node of signature.nodes) {
    if (node.def.source) continue;
    const args = node.inputs.map((i) => py(graph.nodes[i.source].id));
    push(`        ${forwardOf(node).forward(py(node.id), args, node)}`);
  }
  push(`        return ${returned.length === 1 ? returned[0] : returned.join(', ')}`);
  push('', '');

  // ---- the loss
  const helpers = new Set(losses.map((l) => criterionOf(l).helper).filter((h): h is string => h !== undefined));
  for (const helper of helpers) {
    pushAll(helper.split('\n'));
    push('', '');
  }
  push('def compute_loss(predictions, targets):');
  push(
    `    """The document's loss${losses.length > 1 ? 'es, summed' : ''}: ${losses.map((l) => `${l.id} (${criterionOf(l).title})`).join(', ')}."""`,
  );
  push(`    ${returned.length === 1 ? returned[0] : `${returned.join(', ')}`} = predictions`);
  push(`    ${targets.map((t) => py(t.id)).join(', ')}${targets.length === 1 ? ',' : ''} = targets`);
  const returnedNames = new Set(returned);
  const terms = losses
    .filter((l) => returnedNames.has(py(graph.nodes[l.inputs[0].source].id)))
    .map((l) => {
      const target = graph.nodes[l.inputs[1].source];
      return criterionOf(l).criterion(py(graph.nodes[l.inputs[0].source].id), py(target.id), l, target.outputSize);
    });
  push(`    return ${terms.join(' + ')}`);
  push('', '');

  // ---- optimizer, data, training, prediction
  pushAll(optimizerCode(training));
  pushAll(PYTHON_RUNTIME.trimStart().split('\n'));
  push('');
  push('# Trained weights (float32) by parameter name, as in Model().state_dict().');
  push('WEIGHTS = {');
  for (const n of modules) {
    for (const [key, name] of forwardOf(n).parameters ?? []) {
      const w = weights[n.id]?.[name];
      if (w) pushAll(weightLiteral(`${py(n.id)}.${key}`, w.shape, w.data));
    }
  }
  push('}', '', '');
  push('if __name__ == "__main__":', '    main()', '');
  return L.join('\n');
}

/**
 * make_optimizer, l1_penalty and make_scheduler: the document's optimizer (with its weight decay
 * as PyTorch's `weight_decay` of a parameter group holding the weight matrices, the biases in a
 * group without, as the engine regularises), its L1 penalty, and its schedule.
 */
function optimizerCode(t: TrainingConfig): string[] {
  const L: string[] = [];
  const regularized = t.weightDecay > 0 || t.l1 > 0;
  if (regularized) {
    L.push(
      'def parameter_groups(model):',
      '    """The weight matrices (weight decay and the L1 penalty apply to them) and the biases (they do not)."""',
      '    trainable = [p for p in model.parameters() if p.requires_grad]',
      '    return [p for p in trainable if p.ndim >= 2], [p for p in trainable if p.ndim < 2]',
      '',
      '',
    );
  }
  L.push('def make_optimizer(model, lr=TRAINING["lr"]):');
  let params = 'model.parameters()';
  if (regularized) {
    L.push(
      '    weights, biases = parameter_groups(model)',
      `    groups = [{"params": weights, "weight_decay": ${pyFloat(t.weightDecay)}}, {"params": biases, "weight_decay": 0.0}]`,
    );
    params = 'groups';
  }
  if (t.optimizer === 'adam' || t.optimizer === 'adamw') {
    const cls = t.optimizer === 'adam' ? 'Adam' : 'AdamW';
    // AdamW's own default weight decay (0.01) must not apply where the document has none.
    const decay = t.optimizer === 'adamw' && !regularized ? ', weight_decay=0.0' : '';
    L.push(
      `    return torch.optim.${cls}(${params}, lr=lr, betas=(${pyFloat(t.beta1)}, ${pyFloat(t.beta2)}), eps=${pyFloat(t.eps)}${decay})`,
    );
  } else if (t.optimizer === 'momentum') {
    L.push(`    return torch.optim.SGD(${params}, lr=lr, momentum=${pyFloat(t.momentum)})`);
  } else {
    L.push(`    return torch.optim.SGD(${params}, lr=lr)`);
  }
  L.push('', '', 'def l1_penalty(model):');
  if (t.l1 > 0) {
    L.push(
      `    """The L1 penalty added to the loss: ${pyFloat(t.l1)}·Σ|w| over the weight matrices."""`,
      `    return ${pyFloat(t.l1)} * sum(p.abs().sum() for p in parameter_groups(model)[0])`,
    );
  } else {
    L.push('    """The L1 penalty added to the loss: none in this document."""', '    return 0.0');
  }
  L.push('', '', 'def make_scheduler(optimizer, epochs=TRAINING["epochs"]):');
  if (t.lrSchedule === 'step') {
    L.push(
      '    """The learning rate × gamma every step_size epochs (stepped once per epoch)."""',
      `    return torch.optim.lr_scheduler.StepLR(optimizer, step_size=${t.stepSize}, gamma=${pyFloat(t.gamma)})`,
    );
  } else if (t.lrSchedule === 'cosine') {
    L.push(
      '    """The learning rate along a cosine to eta_min over T_max epochs (stepped once per epoch; default T_max: the run’s epochs)."""',
      `    return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=${t.tMax ?? 'max(1, epochs)'}, eta_min=${pyFloat(t.etaMin)})`,
    );
  } else {
    L.push('    """A constant learning rate: no scheduler."""', '    return None');
  }
  L.push('', '');
  return L;
}

/**
 * Each target's columns by name when the document recorded them (training puts the targets'
 * columns in order) and no target names its own; else undefined.
 */
function recordedTargetColumns(doc: GraphDocument, targets: readonly CompiledNode[]): string[][] | undefined {
  const recorded = doc.data?.targets;
  if (!recorded) return undefined;
  const total = targets.reduce((s, t) => s + t.outputSize, 0);
  if (recorded.length !== total || targets.some((t) => t.params.columns)) return undefined;
  let start = 0;
  return targets.map((t) => recorded.slice(start, (start += t.outputSize)));
}

function wrapDoc(text: string, indent: string): string {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && indent.length + line.length + 1 + w.length > 96) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  lines.push(line);
  return lines.join(`\n${indent}`).replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"');
}

/** The data, training and command-line part of model.py: the same for every graph. */
const PYTHON_RUNTIME =
  String.raw`
def read_csv(path):
    """The header and the non-empty rows of a CSV file (comma, semicolon or tab separated)."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        text = f.read()
    first = text.splitlines()[0] if text else ""
    delimiter = max([",", ";", "\t"], key=first.count)
    rows = [r for r in csv.reader(text.splitlines(), delimiter=delimiter) if any(c.strip() for c in r)]
    if not rows:
        sys.exit(f"{path}: the file is empty; a header row is needed")
    return [c.strip() for c in rows[0]], [[c.strip() for c in r] for r in rows[1:]]


def pick_columns(header, blocks, sizes, from_end, path):
    """Column positions for each block: by name where the header has them all, else the next ones
    by position (features from the first columns, targets from the last), as backprop does."""
    named = {b: [header.index(c) for c in cols] for b, cols in blocks.items() if cols and all(c in header for c in cols)}
    taken = {i for p in named.values() for i in p}
    free = [i for i in range(len(header)) if i not in taken]
    unnamed = [b for b in blocks if b not in named]
    need = sum(sizes[b] for b in unnamed)
    if len(free) < need:
        sys.exit(f"{path}: {len(free)} unassigned columns, but {', '.join(unnamed)} need {need}")
    free = free[len(free) - need:] if from_end else free[:need]
    positions = dict(named)
    for b in unnamed:
        positions[b], free = free[:sizes[b]], free[sizes[b]:]
    return positions


def to_number(text, path, line, column):
    try:
        return float(text)
    except ValueError:
        if CLASSES and text in CLASSES:
            return float(CLASSES.index(text))
        sys.exit(f"{path}, line {line}, column '{column}': '{text}' is not a number")


def read_data(path, with_targets):
    """Tensors for the inputs (and targets) of the model from a CSV file."""
    header, rows = read_csv(path)
    target_positions = pick_columns(header, TARGETS, TARGET_SIZES, True, path) if with_targets else {}
    taken = {i for p in target_positions.values() for i in p}
    remaining = [h for i, h in enumerate(header) if i not in taken]
    input_positions = pick_columns(remaining, INPUTS, INPUT_SIZES, False, path)
    input_positions = {b: [header.index(remaining[i]) for i in p] for b, p in input_positions.items()}

    def tensor(positions):
        return torch.tensor([[to_number(r[i], path, k + 2, header[i]) for i in positions] for k, r in enumerate(rows)],
                            dtype=torch.float32)

    features = [tensor(input_positions[b]) for b in INPUTS]
    targets = [tensor(target_positions[b]) for b in TARGETS] if with_targets else []
    return features, targets


def validation_loss(model, features, targets):
    """The data loss of the model on validation tensors (no update)."""
    model.eval()
    with torch.no_grad():
        loss = compute_loss(model(*features), targets).item()
    model.train()
    return loss


def train(model, path, epochs=TRAINING["epochs"], lr=TRAINING["lr"], batch_size=TRAINING["batch_size"],
          validation=None):
    """Trains the model on a CSV file with the document's loss, optimizer, penalty and schedule; prints
    the loss per epoch. With a validation CSV, prints its loss too and stops early as EARLY_STOPPING says."""
    torch.manual_seed(TRAINING["seed"])
    features, targets = read_data(path, with_targets=True)
    dataset = TensorDataset(*features, *targets)
    loader = DataLoader(dataset, batch_size=batch_size or len(dataset), shuffle=TRAINING["shuffle"])
    optimizer = make_optimizer(model, lr)
    scheduler = make_scheduler(optimizer, epochs)
    held_out = read_data(validation, with_targets=True) if validation else None
    best, best_epoch, best_state, waited = None, 0, None, 0
    model.train()
    for epoch in range(1, epochs + 1):
        total, rows = 0.0, 0
        for batch in loader:
            inputs, batch_targets = batch[:len(INPUTS)], batch[len(INPUTS):]
            optimizer.zero_grad()
            loss = compute_loss(model(*inputs), batch_targets)
            (loss + l1_penalty(model)).backward()
            optimizer.step()
            total += loss.item() * len(inputs[0])
            rows += len(inputs[0])
        if scheduler is not None:
            scheduler.step()
        line = f"epoch {epoch}: loss {total / rows:.6g}"
        stop = False
        if held_out is not None:
            val = validation_loss(model, *held_out)
            line += f", validation loss {val:.6g}"
            if EARLY_STOPPING is not None:
                if best is None or val < best - EARLY_STOPPING["min_delta"]:
                    best, best_epoch, waited = val, epoch, 0
                    if EARLY_STOPPING["restore_best"]:
                        best_state = copy.deepcopy(model.state_dict())
                else:
                    waited += 1
                    stop = waited >= EARLY_STOPPING["patience"]
        if epoch == 1 or epoch == epochs or stop or epoch % max(1, epochs // 20) == 0:
            print(line, file=sys.stderr)
        if stop:
            if best_state is not None:
                model.load_state_dict(best_state)
            kept = f"best weights from epoch {best_epoch} kept" if best_state is not None else \
                f"the last weights kept (the best validation loss was in epoch {best_epoch})"
            print(f"stopped early at epoch {epoch}: no validation improvement for {waited} epoch{'' if waited == 1 else 's'}; {kept}",
                  file=sys.stderr)
            break
    return model


def predict(model, features):
    """The model's predictions for input tensors, as a tuple (one tensor per output)."""
    model.eval()
    with torch.no_grad():
        outputs = model(*features)
    return outputs if isinstance(outputs, tuple) else (outputs,)


def predict_csv(path, model=None):
    """Predictions for the rows of a CSV file, as ` +
  '`backprop predict --json`' +
  String.raw` reports them."""
    model = model or Model()
    features, _ = read_data(path, with_targets=False)
    outputs = [o.tolist() for o in predict(model, features)]
    result = {"outputs": outputs[0]}
    first = outputs[0]
    if CLASS_RULE == "multiclass":
        result["classes"] = [max(range(len(r)), key=r.__getitem__) for r in first]
    elif CLASS_RULE == "binary":
        result["classes"] = [1 if r[0] >= 0.5 else 0 for r in first]
    if "classes" in result and CLASSES:
        result["classes"] = [CLASSES[k] if k < len(CLASSES) else k for k in result["classes"]]
    result["predictions"] = dict(zip(OUTPUTS, outputs))
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--predict", metavar="CSV", help="print predictions for the rows of a CSV file")
    parser.add_argument("--json", action="store_true", help="print predictions as JSON")
    parser.add_argument("--train", metavar="CSV", help="train on a CSV file (features and targets)")
    parser.add_argument("--val", metavar="CSV", help="validation rows: their loss per epoch, and early stopping")
    parser.add_argument("--epochs", type=int, default=TRAINING["epochs"], help="passes over the data (default %(default)s)")
    parser.add_argument("--lr", type=float, default=TRAINING["lr"], help="learning rate (default %(default)s)")
    parser.add_argument("--batch-size", type=int, default=TRAINING["batch_size"],
                        help="rows per update (default %(default)s; None: all rows)")
    parser.add_argument("--load", metavar="PT", help="start from weights saved with --save")
    parser.add_argument("--save", metavar="PT", help="save the weights (state_dict) after training")
    args = parser.parse_args(argv)
    model = Model()
    if args.load:
        model.load_state_dict(torch.load(args.load))
    if args.train:
        train(model, args.train, args.epochs, args.lr, args.batch_size, args.val)
    if args.save:
        torch.save(model.state_dict(), args.save)
    if args.predict:
        result = predict_csv(args.predict, model)
        if args.json:
            print(json.dumps(result))
        else:
            writer = csv.writer(sys.stdout, lineterminator="\n")
            writer.writerow(OUTPUT_COLUMNS + (["class"] if "classes" in result else []))
            for k, row in enumerate(result["outputs"]):
                writer.writerow([repr(v) for v in row] + ([result["classes"][k]] if "classes" in result else []))
    if not (args.train or args.predict or args.save):
        print(model)
        parser.print_help()
`;
