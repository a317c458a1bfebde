/** `backprop import MODEL.onnx [--out OUT]`: an ONNX model as a graph document, as File → Open makes it. */
import { basename, dirname, join, resolve } from 'node:path';
import { inputColumns, serializeDocument } from '../../engine/index.js';
import { UsageError, type OptionSpec, type ParsedArgs } from '../args.js';
import { fileArgument, helpOption, jsonOption, type Command, type Io } from '../command.js';
import { formatProblem, problemsJson, type Problem } from '../problems.js';
import { readDocument, writeFileAtomic } from '../sources.js';

export interface ImportOptions {
  file: string;
  /** Default: MODEL with `.onnx` replaced by `.bps.json`, beside it. */
  out?: string;
}

export interface ImportResult {
  out: string;
  name: string;
  nodes: number;
  edges: number;
  parameters: number;
  /** Each Input block, with the feature columns it takes by name (null: by position). */
  inputs: { id: string; size: number; columns: string[] | null }[];
  outputs: { id: string; columns: number; loss: string; lossType: string }[];
  warnings: Problem[];
}

/** MODEL's name with `.onnx` replaced by `.bps.json`. */
export function defaultImportOutput(file: string): string {
  const name = basename(file).replace(/\.onnx$/i, '');
  return join(dirname(file), `${name || 'model'}.bps.json`);
}

/** Imports the model at `options.file` and writes the document. Throws CliError on a model that cannot be imported. */
export function importDocument(options: ImportOptions): ImportResult {
  const out = options.out ?? defaultImportOutput(options.file);
  if (resolve(out) === resolve(options.file))
    throw new UsageError(`the document would overwrite ${options.file}; give another file with --out`);
  // Read as an ONNX model whatever its extension: this command exists to import one.
  const loaded = readDocument(options.file, { onnx: true });
  const { graph, document } = loaded;
  writeFileAtomic(out, serializeDocument(document), 'the graph document');
  const nodes = graph.nodes;
  return {
    out,
    name: document.name,
    nodes: nodes.length,
    edges: document.edges.length,
    parameters: nodes.reduce(
      (sum, n) => sum + Object.values(document.nodes[n.docIndex].weights ?? {}).reduce((s, w) => s + w.data.length, 0),
      0,
    ),
    inputs: inputColumns(graph).map((i) => ({ id: i.id, size: i.size, columns: i.namedColumns ? i.columns : null })),
    outputs: graph.losses.map((l) => {
      const loss = nodes[l];
      const pred = nodes[loss.inputs[0].source];
      return { id: pred.id, columns: pred.outputSize, loss: loss.id, lossType: loss.def.title };
    }),
    warnings: loaded.warnings,
  };
}

const options: OptionSpec[] = [
  {
    name: 'out',
    kind: 'string',
    value: 'OUT',
    help: 'where to write the graph document (default: MODEL with .bps.json instead of .onnx); written atomically',
  },
  jsonOption,
  helpOption,
];

/** Reads the import options from parsed arguments; a UsageError for wrong usage. */
export function importOptions(args: ParsedArgs): ImportOptions {
  return {
    file: fileArgument(args, 'import'),
    ...(args.options.out !== undefined ? { out: args.options.out as string } : {}),
  };
}

function printHuman(result: ImportResult, io: Io): void {
  io.out(
    `wrote ${result.out}: "${result.name}", ${result.nodes} blocks, ${result.edges} edges, ${result.parameters} trainable parameters`,
  );
  for (const i of result.inputs)
    io.out(
      `  input   ${i.id}: [batch × ${i.size}] ${i.columns ? i.columns.join(', ') : '(columns of a CSV are taken by position)'}`,
    );
  for (const o of result.outputs) io.out(`  output  ${o.id}: [batch × ${o.columns}] → loss ${o.loss} (${o.lossType})`);
}

export const importCommand: Command = {
  name: 'import',
  summary: 'turn an ONNX model into a graph document (as File → Open does in the app)',
  usage: 'import MODEL.onnx [--out OUT]',
  details: [
    "Reads an ONNX model built from operators that have blocks (an MLP exported by torch.onnx.export, or a model exported by Backprop Studio) and writes it as an editable, trainable graph document with its weights. Each graph input becomes an Input block named like it; each graph output a prediction with a loss and a Target (the ones the file records, else one chosen by the output's last block — a warning says which). See docs/export.md for the operators read.",
    'Every command that reads a document also takes an .onnx file directly, imported the same way. An ONNX model names no columns, so its inputs take the columns of a CSV by position; a warning names the columns taken.',
    '--json prints {"ok":true,"out":…,"warnings":[…]} or {"ok":false,"errors":[…]}.',
  ],
  options,
  run(args: ParsedArgs, io) {
    const result = importDocument(importOptions(args));
    if (args.options.json) {
      io.out(JSON.stringify({ ok: true, out: result.out, warnings: problemsJson(result.warnings) }));
    } else {
      for (const w of result.warnings) io.err(formatProblem(w));
      printHuman(result, io);
    }
    return 0;
  },
};
