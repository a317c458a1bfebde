/** `backprop export FILE --to onnx|pytorch [--out PATH] [--opset N]`: the graph for other tools. */
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  exportOnnx,
  exportPytorch,
  ONNX_DEFAULT_OPSET,
  ONNX_MAX_OPSET,
  ONNX_MIN_OPSET,
  type Diagnostic,
  withInferredSizes,
} from '../../engine/index.js';
import { UsageError, type OptionSpec, type ParsedArgs } from '../args.js';
import { fileArgument, helpOption, jsonOption, type Command, type Io } from '../command.js';
import { CliError, formatProblem, fromDiagnostic, problemsJson, type Problem } from '../problems.js';
import { readDocument, writeFileAtomic } from '../sources.js';

export const exportFormats = ['onnx', 'pytorch'] as const;
export type ExportFormat = (typeof exportFormats)[number];

const extensions: Record<ExportFormat, string> = { onnx: '.onnx', pytorch: '.py' };

export interface ExportOptions {
  file: string;
  to: ExportFormat;
  /** Default: FILE with `.bps.json` replaced by `.onnx` or `.py`. */
  out?: string;
  opset?: number;
}

export interface ExportResult {
  format: ExportFormat;
  out: string;
  bytes: number;
  inputs: { name: string; columns: string[]; normalized: boolean }[];
  outputs: { name: string; columns: number; loss: string }[];
  opset?: number;
  warnings: Problem[];
}

/** FILE's name with its document extension replaced by the format's. */
export function defaultOutput(file: string, to: ExportFormat): string {
  const name = basename(file).replace(/\.bps\.json$|\.json$|\.onnx$/i, '');
  return join(dirname(file), `${name || 'model'}${extensions[to]}`);
}

/** Exports the document at `options.file`. Throws CliError on a bad document or one that cannot be exported. */
export function exportDocument(options: ExportOptions): ExportResult {
  const loaded = readDocument(options.file);
  const { path } = loaded;
  // Sizes inferred from the data are written in: the exported model must not need that data.
  const document = withInferredSizes(loaded.graph);
  // What importing an ONNX model added (a loss, a normalisation layer) is news; a document's own warnings are not.
  const read = loaded.fromOnnx ? loaded.warnings : [];
  const out = options.out ?? defaultOutput(options.file, options.to);
  if (resolve(out) === resolve(options.file))
    throw new UsageError(`the export would overwrite ${options.file}; give another file with --out`);
  const fail = (diagnostics: Diagnostic[]) => new CliError(diagnostics.map((d) => fromDiagnostic(d, path)));
  if (options.to === 'onnx') {
    const result = exportOnnx(document, { opset: options.opset, producerVersion: packageVersion() });
    if (!result.ok) throw fail(result.diagnostics);
    writeFileAtomic(out, result.bytes, 'the ONNX model');
    return {
      format: 'onnx',
      out,
      bytes: result.bytes.length,
      inputs: result.summary.inputs,
      outputs: result.summary.outputs,
      opset: result.summary.opset,
      warnings: [...read, ...result.warnings.map((d) => fromDiagnostic(d, path))],
    };
  }
  const result = exportPytorch(document);
  if (!result.ok) throw fail(result.diagnostics);
  writeFileAtomic(out, result.code, 'the PyTorch file');
  return {
    format: 'pytorch',
    out,
    bytes: Buffer.byteLength(result.code),
    inputs: result.summary.inputs,
    outputs: result.summary.outputs,
    warnings: [...read, ...result.warnings.map((d) => fromDiagnostic(d, path))],
  };
}

/** This package's version, recorded as the ONNX model's producer_version. */
function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string })
      .version;
  } catch {
    return '';
  }
}

const formatSize = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} kB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const options: OptionSpec[] = [
  {
    name: 'to',
    kind: 'string',
    value: 'onnx|pytorch',
    help: 'the format: onnx (an .onnx model for onnxruntime and other ONNX tools) or pytorch (a model.py file defining an nn.Module)',
  },
  {
    name: 'out',
    kind: 'string',
    value: 'PATH',
    help: 'where to write (default: FILE with .onnx or .py instead of .bps.json); written atomically',
  },
  {
    name: 'opset',
    kind: 'int',
    value: 'N',
    help: `ONNX opset version, ${ONNX_MIN_OPSET}–${ONNX_MAX_OPSET} (default ${ONNX_DEFAULT_OPSET})`,
  },
  jsonOption,
  helpOption,
];

/** Reads the export options from parsed arguments; a UsageError for wrong usage. */
export function exportOptions(args: ParsedArgs): ExportOptions {
  const file = fileArgument(args, 'export');
  const to = args.options.to;
  if (to === undefined) throw new UsageError('export needs --to onnx or --to pytorch');
  if (!(exportFormats as readonly unknown[]).includes(to))
    throw new UsageError(`--to must be one of ${exportFormats.join(', ')}, got '${to}'`);
  const opset = args.options.opset as number | undefined;
  if (opset !== undefined) {
    if (to !== 'onnx') throw new UsageError('--opset applies to --to onnx only');
    if (opset < ONNX_MIN_OPSET || opset > ONNX_MAX_OPSET)
      throw new UsageError(`--opset must be from ${ONNX_MIN_OPSET} to ${ONNX_MAX_OPSET}, got ${opset}`);
  }
  return {
    file,
    to: to as ExportFormat,
    ...(args.options.out !== undefined ? { out: args.options.out as string } : {}),
    ...(opset !== undefined ? { opset } : {}),
  };
}

function printHuman(result: ExportResult, io: Io): void {
  const what =
    result.format === 'onnx'
      ? `ONNX model (opset ${result.opset})`
      : 'PyTorch model (an nn.Module with its weights, loss, optimizer and a training loop)';
  io.out(`wrote ${result.out}: ${what}, ${formatSize(result.bytes)}`);
  for (const i of result.inputs)
    io.out(
      `  input   ${i.name}: [batch × ${i.columns.length}] ${i.columns.join(', ')}${i.normalized ? ' (normalised inside the model)' : ''}`,
    );
  for (const o of result.outputs)
    io.out(`  output  ${o.name}: [batch × ${o.columns}] (the prediction of loss ${o.loss})`);
  if (result.format === 'pytorch')
    io.out(`run it: python3 ${result.out} --predict ROWS.csv   (or --train DATA.csv; see --help)`);
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'write the graph and its weights as an ONNX model or a PyTorch file',
  usage: 'export FILE --to onnx|pytorch [--out PATH] [--opset N]',
  details: [
    "Writes the document's prediction path — from its Input blocks to what each loss's pred port receives — with its weights (a document without weights uses its initial ones, drawn from params and training.seed) and its stored input normalisation, so the exported model takes raw features and gives the numbers `backprop predict` gives.",
    'onnx: one graph input per Input block ([batch × columns], float), one output per prediction, named after its node; Linear becomes Gemm, the activations, add and concat their ONNX operators, the normalisation Sub/Div. Losses and targets are left out; the document (without weights) is kept in the metadata, so opening the file in Backprop Studio restores them.',
    'pytorch: a readable Python file defining an nn.Module with the weights embedded, the loss and optimizer of the document and a training loop; `python3 OUT --predict ROWS.csv` prints predictions, `--train DATA.csv` continues training.',
    '--json prints {"ok":true,"format":…,"out":…,"bytes":…,"inputs":[…],"outputs":[…],"warnings":[…]}.',
  ],
  options,
  run(args: ParsedArgs, io) {
    const result = exportDocument(exportOptions(args));
    if (args.options.json) {
      const { warnings, ...rest } = result;
      io.out(JSON.stringify({ ok: true, ...rest, warnings: problemsJson(warnings) }));
    } else {
      for (const w of result.warnings) io.err(formatProblem(w));
      printHuman(result, io);
    }
    return 0;
  },
};
