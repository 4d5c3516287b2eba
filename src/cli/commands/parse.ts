import type { Command } from 'commander';
import { RuntimeFailure, UsageError } from '../../errors.js';
import { formatValue } from '../../report/format.js';
import { createMetricParser, describeMetricPattern, metricNameHint, splitLog, type ValueRead } from '../../runner/index.js';
import { loadSpace } from '../../space/index.js';
import { METRIC_STREAMS, type MetricStream } from '../../space/types.js';
import { objectiveFlag, oneOf } from '../option-parsers.js';
import type { Objective } from '../../util/objective.js';
import type { Output } from '../output.js';
import { readLog } from '../read-log.js';

interface ParseFlags {
  metric?: string;
  pattern?: string;
  objective?: Objective;
  metricStream?: MetricStream;
  space?: string;
}

export function registerParse(program: Command, output: Output): void {
  program
    .command('parse')
    .summary('show what the metric parser reads from a saved log')
    .description(
      "Read a saved training log (a file, or stdin) the way `run` reads a trial's output, and show every value found with its line, then the result. Check a pattern here before a long study. Save the stream the metric is read from: `python train.py > out.log` for stdout, `2> err.log` for stderr, `> all.log 2>&1` for both.",
    )
    .argument('[log]', 'the log file (default: stdin)')
    .option('--metric <name>', 'the metric name (default: the space file\'s, else loss)')
    .option('--pattern <regex>', 'a regular expression with one capture group around the number')
    .option('--objective <which>', 'which reported value is the result: last, min, max or last-K-avg (the mean of the last K)', objectiveFlag)
    .option('--metric-stream <stream>', 'the stream the log was saved from, as `run --metric-stream` reads it: stdout, stderr or both', oneOf(METRIC_STREAMS))
    .option('--space <file>', 'take metric, pattern, objective and metric_stream from this space file')
    .addHelpText('after', '\nExamples:\n  $ hypertune parse --metric val_loss < train.log\n  $ xgboost train.conf 2> train.err; hypertune parse --metric test-logloss --metric-stream stderr train.err\n')
    .action(async (log: string | undefined, flags: ParseFlags) => {
      await parseCommand(log, flags, output);
    });
}

async function parseCommand(log: string | undefined, flags: ParseFlags, output: Output): Promise<void> {
  const space = flags.space === undefined ? null : await loadSpace(flags.space);
  const metric = flags.metric ?? space?.metric ?? 'loss';
  const pattern = flags.pattern ?? space?.pattern ?? null;
  const objective = flags.objective ?? space?.objective ?? 'last';
  const stream = flags.metricStream ?? space?.metricStream ?? 'stdout';
  if (log === undefined && process.stdin.isTTY === true) {
    throw new UsageError('give a log file, or pipe one in: `hypertune parse --metric loss < train.log`');
  }
  const parser = createMetricParser(metric, pattern, objective);
  const text = await readLog(log);
  // the log is one text whatever stream it was saved from; say which one `run` would read it as
  const read = stream === 'stdout' ? '' : ` (read as ${stream === 'both' ? 'stdout and stderr together' : stream}, as run --metric-stream ${stream} would)`;
  output.out(`Looking for ${describeMetricPattern(metric, pattern)}${read}\n`);
  const lines = splitLog(text);
  let found = 0;
  // the step a pruner would compare a value at: its line's own (`epoch 7`), else its ordinal
  const show = (read: ValueRead[]): void => {
    for (const { value, step, line } of read) {
      found += 1;
      output.out(`line ${line}: ${formatValue(value)} (step ${step ?? found})\t${(lines[line - 1]?.text ?? '').trim().slice(0, 160)}\n`);
    }
  };
  for (const line of lines) show(parser.push(line.text, line.rewritten));
  show(parser.finish());
  const bar = lines.filter((line) => line.rewritten).length;
  if (bar > 0) output.out(`${bar} line${bar === 1 ? '' : 's'} ${bar === 1 ? 'was' : 'were'} a progress bar's states (ended by a lone \\r, or by the \\n after them): a bar's value counts once per step, as the bar shows it last.\n`);
  const lineNumber = lines.length;
  const result = parser.result();
  output.out(`${found} value${found === 1 ? '' : 's'} in ${lineNumber} line${lineNumber === 1 ? '' : 's'}.\n`);
  // a metric matched nowhere, beside a close name the log shows: named, as run names it (a user audit)
  const hint = result.value === null ? metricNameHint(metric, lines.map((line) => line.text)).replace(/; a study keeps its metric: .*$|\(a study keeps its metric: [^)]*\)/, '').trimEnd() : '';
  if (result.problem !== null) throw new RuntimeFailure(`no usable result: ${result.problem}${hint}`);
  // a line after the loop (`final val_loss=0.41`) is the result, not a value of the curve: shown where it is
  const closing = result.closingLine === undefined ? '' : ` (line ${result.closingLine}: ${(lines[result.closingLine - 1]?.text ?? '').trim().slice(0, 160)}; a line after the curve, not a step of it)`;
  output.out(`Result (${objective}): ${formatValue(result.value)}${closing}\n`);
}
