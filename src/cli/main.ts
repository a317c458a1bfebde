/**
 * The `backprop` command line: dispatch to a command, help, and turning errors into one line
 * per problem and an exit code (0 success, 1 bad input or a failed check, 2 wrong usage).
 */
import { readFileSync } from 'node:fs';
import { builtinDatasets, DiagnosticError } from '../engine/index.js';
import { isLanguage, type Language, LANGUAGES, languageFromEnvironment } from '../i18n/index.js';
import { parseArgs, UsageError } from './args.js';
import type { Command, Io } from './command.js';
import { evalCommand } from './commands/evaluate.js';
import { exportCommand } from './commands/export.js';
import { gradcheckCommand } from './commands/gradcheck.js';
import { importCommand } from './commands/import.js';
import { predictCommand } from './commands/predict.js';
import { solveCommand } from './commands/solve.js';
import { runsCommand } from './commands/runs.js';
import { train } from './commands/train.js';
import { validate } from './commands/validate.js';
import { CliError, formatProblem, fromDiagnostic, problemsJson, setProblemLanguage, type Problem } from './problems.js';

export const commands: readonly Command[] = [
  validate,
  train,
  runsCommand,
  evalCommand,
  predictCommand,
  gradcheckCommand,
  solveCommand,
  exportCommand,
  importCommand,
];

function version(): string {
  try {
    return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

/** Splits text into lines of at most `width` characters (longer words stay whole). */
function wrap(text: string, width = 96): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

const dataSources = [
  "Data (SRC): a CSV file with a header row — columns are picked by the Input/Target blocks' `columns`, else by position (features first, targets last) — or builtin:NAME, one of " +
    `${builtinDatasets.map((s) => s.name).join(', ')}. Generated sets take options: builtin:circle?samples=200&noise=0.1&seed=3. ` +
    "Without --data a command uses the document's data.source.",
];

export function overallHelp(): string[] {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return [
    'backprop — train and check Backprop Studio graph documents (.bps.json) from the command line',
    '',
    'Usage: backprop COMMAND FILE [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    ...wrap(dataSources[0]),
    '',
    'Every command takes --json (one JSON object per line instead of tables) and --help.',
    `--lang ${LANGUAGES.map((l) => l.code).join('|')} chooses the language of problem messages (default: LC_ALL, LC_MESSAGES or LANG, else English); --json keeps their codes and values.`,
    'FILE may also be an ONNX model (.onnx): it is imported as `backprop import` does.',
    'Exit codes: 0 success, 1 bad input or a failed check (invalid document, bad data, divergence), 2 wrong usage.',
    "Run 'backprop COMMAND --help' for a command's options.",
  ];
}

export function commandHelp(command: Command): string[] {
  const labels = command.options.map((o) => `--${o.name}${o.value ? ` ${o.value}` : ''}`);
  const width = Math.max(...labels.map((l) => l.length));
  return [
    `Usage: backprop ${command.usage}`,
    '',
    ...command.details.flatMap((d) => [...wrap(d), '']),
    'Options:',
    ...command.options.flatMap((o, i) =>
      wrap(o.help, 96 - width - 4).map((line, k) => `  ${(k === 0 ? labels[i] : '').padEnd(width)}  ${line}`),
    ),
    '',
    ...wrap(dataSources[0]),
  ];
}

const processIo: Io = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
};

/** Output piped into a reader that stopped (`backprop train … | head`) ends the run quietly. */
function endOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      process.exit(process.exitCode ?? 0);
    });
  }
}

/**
 * Takes `--lang CODE` (or `--lang=CODE`) out of the arguments: the language problems are told in,
 * else the environment's (POSIX `LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
 */
export function takeLanguage(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { language: Language; rest: string[] } {
  const rest: string[] = [];
  let chosen: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (word !== '--lang' && !word.startsWith('--lang=')) {
      rest.push(word);
      continue;
    }
    if (chosen !== undefined) throw new UsageError('--lang is given twice');
    chosen = word === '--lang' ? argv[++i] : word.slice('--lang='.length);
    if (chosen === undefined || !isLanguage(chosen))
      throw new UsageError(
        `--lang needs one of ${LANGUAGES.map((l) => l.code).join(', ')}${chosen === undefined ? '' : `, got '${chosen}'`}`,
      );
  }
  return { language: (chosen as Language | undefined) ?? languageFromEnvironment(env), rest };
}

/** Runs the CLI with `argv` (the words after `backprop`); returns the exit code. */
export async function main(
  argv: readonly string[],
  io: Io = processIo,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  if (io === processIo) endOnClosedPipe();
  let words: string[];
  try {
    const taken = takeLanguage(argv, env);
    setProblemLanguage(taken.language);
    words = taken.rest;
  } catch (e) {
    setProblemLanguage('en');
    if (argv.includes('--json'))
      io.out(
        JSON.stringify({ ok: false, errors: problemsJson([{ where: 'arguments', message: (e as Error).message }]) }),
      );
    io.err(`backprop: ${(e as Error).message}`);
    io.err("Run 'backprop --help' for usage.");
    return 2;
  }
  const [name, ...rest] = words;
  const json = rest.includes('--json');
  const reportJson = (problems: Problem[]) =>
    json && io.out(JSON.stringify({ ok: false, errors: problemsJson(problems) }));
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const command = commands.find((c) => c.name === rest[0]);
    for (const line of command ? commandHelp(command) : overallHelp()) (name === undefined ? io.err : io.out)(line);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.out(version());
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  try {
    if (!command)
      throw new UsageError(`unknown command '${name}'; the commands are ${commands.map((c) => c.name).join(', ')}`);
    const args = parseArgs(
      rest.map((a) => (a === '-h' ? '--help' : a)),
      command.options,
    );
    if (args.options.help) {
      for (const line of commandHelp(command)) io.out(line);
      return 0;
    }
    return command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      const where = command ? `backprop ${command.name}` : 'backprop';
      reportJson([{ where: 'arguments', message: e.message }]);
      io.err(`${where}: ${e.message}`);
      io.err(`Run '${command ? `backprop ${command.name} --help` : 'backprop --help'}' for usage.`);
      return 2;
    }
    if (e instanceof CliError || e instanceof DiagnosticError) {
      const problems = e instanceof CliError ? e.problems : e.diagnostics.map((d) => fromDiagnostic(d));
      reportJson(problems);
      for (const p of problems) io.err(formatProblem(p));
      return 1;
    }
    // A bug: still one JSON object for a program reading --json, and the stack for a person.
    const message = e instanceof Error ? e.message : String(e);
    if (json)
      io.out(
        JSON.stringify({
          ok: false,
          internal: true,
          errors: [{ where: 'backprop', message: `internal error: ${message}` }],
        }),
      );
    io.err(`backprop: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    io.err('This is a bug in backprop; please report it with the command and the files that caused it.');
    return 70;
  }
}
