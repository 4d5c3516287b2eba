import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { splitLog } from '../../src/runner/lines.js';
import type { MetricObjective } from '../../src/runner/types.js';
import { createMetricParser, parseMetricNumber } from '../../src/runner/metrics.js';

function valuesOf(lines: string[], metric = 'loss', pattern: string | null = null): (number | undefined)[] {
  const parser = createMetricParser(metric, pattern, 'last');
  return lines.map((line) => parser.push(line)[0]?.value);
}

describe('parseMetricNumber', () => {
  it.each([
    ['0.41', 0.41],
    ['3', 3],
    ['-2', -2],
    ['+0.5', 0.5],
    ['.5', 0.5],
    ['1.', 1],
    ['1e-3', 0.001],
    ['2.5E+10', 2.5e10],
    ['1_000.5', 1000.5],
    ['inf', Infinity],
    ['+inf', Infinity],
    ['-inf', -Infinity],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['INF', Infinity],
  ])('reads %s', (text, expected) => {
    expect(parseMetricNumber(text)).toBe(expected);
  });

  it.each(['nan', 'NaN', 'NAN', '-nan'])('reads %s as NaN', (text) => {
    expect(parseMetricNumber(text)).toBeNaN();
  });

  it.each(['', 'abc', '1.2.3', '0x10', '1e', '_1', '1__0', 'info', '--1'])('refuses %j', (text) => {
    expect(parseMetricNumber(text)).toBeUndefined();
  });
});

describe('createMetricParser, default rules', () => {
  it('reads name: value and name=value, alone or inside longer lines', () => {
    expect(
      valuesOf([
        'loss: 0.41',
        'loss=0.41',
        'loss = 0.41',
        'loss:0.41',
        'epoch 3 loss=0.41 acc=0.88',
        'Epoch 3, Loss: 0.41',
        '1875/1875 - 2s - loss: 0.41 - accuracy: 0.91',
        '[train] step 10 | loss=0.41 | lr=0.01',
      ]),
    ).toEqual(Array(8).fill(0.41));
    expect(valuesOf(['final loss: 0.41.'])).toEqual([0.41]);
  });

  it('respects word boundaries around the name and the number', () => {
    expect(
      valuesOf([
        'epoch 3 val_loss=0.41 acc=0.88',
        'train/loss=0.41',
        'val-loss: 0.41',
        'args: --loss=0.41',
        'lossy=0.41',
        'loss=0.41s',
        'loss=1.2.3',
        'loss=information',
        'loss: none yet',
      ]),
    ).toEqual(Array(9).fill(undefined));
  });

  it('takes the metric, not its neighbours, from a line holding several', () => {
    expect(valuesOf(['epoch 3 val_loss=0.47 loss=0.41 acc=0.88'])).toEqual([0.41]);
    expect(valuesOf(['epoch 3 val_loss=0.47 loss=0.41 acc=0.88'], 'acc')).toEqual([0.88]);
    expect(valuesOf(['epoch 3 val_loss=0.47 loss=0.41 acc=0.88'], 'val_loss')).toEqual([0.47]);
  });

  it('reads every number notation of Python and JS inside a line', () => {
    const got = valuesOf(['loss=1e-3', 'loss=-inf', 'loss: Infinity', 'loss=+0.5', 'loss=1_000', 'loss=7']);
    expect(got).toEqual([0.001, -Infinity, Infinity, 0.5, 1000, 7]);
    expect(valuesOf(['loss=nan'])[0]).toBeNaN();
    expect(valuesOf(['loss: NaN'])[0]).toBeNaN();
  });

  it('reads JSON lines by their top-level key, else a key nested in one object only (as in Python dict reprs), and Python dict reprs', () => {
    expect(
      valuesOf([
        '{"epoch": 1, "loss": 0.5}',
        '{"metrics": {"loss": 9}, "loss": 0.4}',
        '{"metrics": {"loss": 9}}',
        '{"train": {"loss": 9}, "val": {"loss": 8}}',
        '{"loss": "0.3"}',
        "{'loss': 0.2, 'learning_rate': 5e-05, 'epoch': 1.0}",
        '{"eval_loss": 0.7}',
      ]),
    ).toEqual([0.5, 0.4, 9, undefined, 0.3, 0.2, undefined]);
    // a dotted name reads a nested key; a top-level key of that very name comes first
    expect(valuesOf(['{"epoch": 2, "metrics": {"val": {"loss": 0.3}}}', '{"metrics.val.loss": 0.2, "metrics": {"val": {"loss": 9}}}', '{"metrics": {"val": 3}}'], 'metrics.val.loss')).toEqual([0.3, 0.2, undefined]);
    // the lines the text rules read for top-level keys: after a prefix, json.dumps' Infinity, Python's repr (a re-audit)
    expect(
      valuesOf(['{"epoch": 2, "metrics": {"val_loss": 0.4}, "x": Infinity}', "{'epoch': 2, 'metrics': {'val_loss': 0.25, 'best': True}}", 'INFO {"epoch": 2, "metrics": {"val_loss": 0.2}}', "{'metrics': {'val_loss': np.float64(0.15)}}"], 'metrics.val_loss'),
    ).toEqual([0.4, 0.25, 0.2, 0.15]);
    expect(valuesOf(["{'metrics': {'val_loss': nan}}"], 'metrics.val_loss')[0]).toBeNaN();
    expect(valuesOf(['{"loss": NaN}'])[0]).toBeNaN(); // Python's json.dumps
    expect(valuesOf(['{"loss":null}'])[0]).toBeNaN(); // JSON.stringify(NaN)
    expect(valuesOf(['{"loss": Infinity}'])[0]).toBe(Infinity);
  });

  it("fails a trial whose dict line says hyperopt's status 'fail', its loss a placeholder (a user audit)", () => {
    const resultOf = (lines: string[]) => {
      const parser = createMetricParser('loss', null, 'last');
      for (const line of lines) parser.push(line);
      return parser.result();
    };
    expect(resultOf(["{'loss': 999.0, 'status': 'fail'}"]).problem).toBe(`the program reported status "fail" (line 1: {'loss': 999.0, 'status': 'fail'})`);
    expect(resultOf(['epoch 1 loss=0.3', 'INFO {"loss": 0.25, "status": "fail", "error": "CUDA out of memory"}', 'loss=0.2']).problem).toMatch(/^the program reported status "fail" \(line 2: INFO/);
    // hyperopt's {'status': STATUS_FAIL} with no loss at all: said so, not "no line matched" (a user audit)
    expect(resultOf(["{'status': 'fail'}"]).problem).toBe(`the program reported status "fail" (line 1: {'status': 'fail'})`);
    // hyperopt's STATUS_OK, another key named status, the word in text, or a log line's status beside
    // no result (a sync that failed; a re-audit): a result as before
    for (const lines of [["{'loss': 0.4, 'status': 'ok'}"], ['{"loss": 0.4, "job": {"status": "fail"}}'], ['status: fail', 'loss=0.4'], ['{"loss": 0.4, "status": "failed_over"}'], ['{"event": "wandb_sync", "status": "fail", "retry": 1}', 'loss=0.4']]) {
      expect(resultOf(lines)).toMatchObject({ value: 0.4, problem: null });
    }
  });

  it('sees through torch tensors and numpy scalars printed with f-strings', () => {
    expect(
      valuesOf(["loss=tensor(0.4100, device='cuda:0', grad_fn=<NllLossBackward0>)", "{'loss': np.float64(0.41)}"]),
    ).toEqual([0.41, 0.41]);
  });

  it('escapes metric names that hold regex characters', () => {
    expect(valuesOf(['train/loss: 0.3', 'trainXloss: 0.3'], 'train/loss')).toEqual([0.3, undefined]);
    expect(valuesOf(['acc(top-1)=0.7'], 'acc(top-1)')).toEqual([0.7]);
  });
});

describe('createMetricParser, columns and two-cell lines', () => {
  function readAll(lines: string[], metric: string): { values: (number | undefined)[]; steps: (number | undefined)[] } {
    const parser = createMetricParser(metric, null, 'last');
    const steps: (number | undefined)[] = [];
    const values = lines.map((line) => {
      const [read] = parser.push(line);
      if (read !== undefined) steps.push(read.step);
      return read?.value;
    });
    return { values, steps };
  }

  it('reads a column whose name holds a space where a comma, a tab or a bar separates the cells', () => {
    for (const [header, row] of [
      ['epoch,train loss,val loss', '1,0.9,0.8'],
      ['Epoch | Train Loss | Val Loss', '1 | 0.9 | 0.8'],
      ['epoch\ttrain loss\tval loss', '1\t0.9\t0.8'],
    ]) {
      expect(readAll([header ?? '', row ?? ''], 'val loss')).toEqual({ values: [undefined, 0.8], steps: [1] });
    }
  });

  it("reads fastai's table: a header naming the columns, then one row per epoch with its epoch as the step", () => {
    const { values, steps } = readAll(
      [
        'epoch     train_loss  valid_loss  accuracy  time    ',
        '0         0.512345    0.401234    0.812000  00:03     ',
        'Better model found at epoch 0 with valid_loss value: 0.40.',
        '1         0.301234    0.251234    0.901000  00:03     ',
      ],
      'valid_loss',
    );
    // the log line between rows holds the metric as `valid_loss value: 0.40`, which is no name: value
    expect(values).toEqual([undefined, 0.401234, undefined, 0.251234]);
    expect(steps).toEqual([0, 1]);
  });

  it("reads fastai's row whose other column is nan, and a diverged row's nan (a user audit: the row was skipped, the result the epoch before's)", () => {
    const header = 'epoch     train_loss  valid_loss  accuracy  time    ';
    const rows = ['0         0.512345    0.401234    0.812000  00:03     ', '1         0.301234    0.251234    nan       00:03     '];
    expect(readAll([header, ...rows], 'valid_loss')).toEqual({ values: [undefined, 0.401234, 0.251234], steps: [0, 1] });
    expect(readAll([header, ...rows], 'accuracy').values).toEqual([undefined, 0.812, Number.NaN]);
    expect(readAll([header, rows[0] ?? '', '1         nan         nan         0.5       00:03     '], 'valid_loss').values).toEqual([undefined, 0.401234, Number.NaN]);
  });

  it("reads scikit-learn's verbose table: names of two words, columns two spaces apart, its Iter column the step (a user audit)", () => {
    const lines = ['      Iter       Train Loss      OOB Improve   Remaining Time ', '         1           0.9091           0.0100            0.52s', '        20           0.4512           0.0010            0.31s'];
    expect(readAll(lines, 'Train Loss')).toEqual({ values: [undefined, 0.9091, 0.4512], steps: [1, 20] });
    expect(readAll(lines, 'OOB Improve').values).toEqual([undefined, 0.01, 0.001]);
    // a line of words one space apart is no such header
    expect(readAll(['the Train Loss is  high', '1 2 3'], 'Train Loss').values).toEqual([undefined, undefined]);
  });

  it('reads a hand-written table with bars or commas, and takes another column when asked', () => {
    expect(readAll(['Epoch | Train | val_loss', '    1 | 0.9   | 0.80', '    2 | 0.7   | 0.60'], 'val_loss').values).toEqual([undefined, 0.8, 0.6]);
    expect(readAll(['step,loss,acc', '100,0.5,0.7', '200,0.4,0.8'], 'acc')).toEqual({ values: [undefined, 0.7, 0.8], steps: [100, 200] });
    expect(readAll(['Epoch  box_loss  mAP50', '3/100  1.25  0.41'], 'mAP50')).toEqual({ values: [undefined, 0.41], steps: [3] });
  });

  it("reads a CSV log whose rows leave cells empty (Lightning's CSVLogger, Keras' CSVLogger)", () => {
    const lightning = ['epoch,step,train_loss,val_loss', '0,49,0.61,', '0,49,,0.52', '1,99,0.43,', '1,99,,0.41'];
    expect(readAll(lightning, 'val_loss')).toEqual({ values: [undefined, undefined, 0.52, undefined, 0.41], steps: [0, 1] });
    expect(readAll(['epoch,loss,val_loss', '0,0.7,0.6', '1,0.5,0.45'], 'val_loss').values).toEqual([undefined, 0.6, 0.45]);
    // pandas' to_csv: an index column with an empty head; quoted names
    expect(readAll([',epoch,val_loss', '0,0,0.6', '1,1,0.45'], 'val_loss')).toEqual({ values: [undefined, 0.6, 0.45], steps: [0, 1] });
    expect(readAll(['"epoch","val_loss"', '0,0.6', '1,"0.45"'], 'val_loss').values).toEqual([undefined, 0.6, 0.45]);
  });

  it("reads a table pandas printed (print(df)): its rows start with the index the header does not name (a user audit)", () => {
    const ranged = ['   stage  val_logloss   val_acc', '0     10     0.396399  0.878333', '1     20     0.301782  0.890000'];
    expect(readAll(ranged, 'val_logloss').values).toEqual([undefined, 0.396399, 0.301782]);
    expect(readAll(['   epoch  train_loss  val_loss', '0      1         0.5      0.60', '1      2         0.4      0.45'], 'val_loss')).toEqual({ values: [undefined, 0.6, 0.45], steps: [1, 2] });
    // set_index("epoch"): the index's name alone under the header, and the step
    expect(readAll(['       train_loss  val_loss', 'epoch                      ', '1             0.5      0.60', '2             0.4      0.45'], 'val_loss')).toEqual({ values: [undefined, undefined, 0.6, 0.45], steps: [1, 2] });
    // one column: the name alone heads it; it ends the table before (whose epoch column took the index)
    expect(readAll(['   val_loss', '0      0.50', '1      0.25'], 'val_loss').values).toEqual([undefined, 0.5, 0.25]);
    expect(readAll(['epoch val_loss', '1 0.9', '   val_loss', '0      0.50', '1      0.25'], 'val_loss')).toEqual({ values: [undefined, 0.9, undefined, undefined, undefined], steps: [1] });
    // classification_report: a blank line under the header, rows headed by class labels: nothing read, as before
    const report = ['              precision    recall  f1-score   support', '', '           0       1.00      1.00      1.00        13', '           1       1.00      0.94      0.97        16'];
    expect(readAll(report, 'f1-score').values).toEqual([undefined, undefined, undefined, undefined]);
    // a history printed after the epochs' own lines is not read as a second curve
    expect(readAll(['epoch 1 val_loss=0.6', 'epoch 2 val_loss=0.45', '   epoch  val_loss', '0      1      0.60', '1      2      0.45'], 'val_loss').values).toEqual([0.6, 0.45, undefined, undefined, undefined]);
  });

  it("reads ultralytics' results.csv (padded cells, names with slashes and brackets) and fairseq's bar-separated lines", () => {
    const results = [
      '                  epoch,      train/box_loss,   metrics/mAP50(B),   metrics/mAP50-95(B)',
      '                      1,             1.2345,               0.45,               0.30',
      '                      2,             1.1000,               0.55,               0.35',
    ];
    expect(readAll(results, 'metrics/mAP50-95(B)')).toEqual({ values: [undefined, 0.3, 0.35], steps: [1, 2] });
    const fairseq = "| epoch 001 | valid on 'valid' subset | loss 4.5 | nll_loss 3.2 | ppl 9.1 | num_updates 100";
    expect(readAll([fairseq], 'loss')).toEqual({ values: [4.5], steps: [1] });
    expect(readAll([fairseq], 'ppl').values).toEqual([9.1]);
  });

  it("reads the lines Keras, Hugging Face's Trainer, XGBoost and LightGBM print", () => {
    expect(readAll(['Epoch 3/10', '32/32 - 1s - loss: 0.3012 - val_loss: 0.2500 - 1s/epoch - 20ms/step'], 'val_loss').values).toEqual([undefined, 0.25]);
    expect(readAll(["{'eval_loss': 0.5123, 'eval_runtime': 1.2, 'eval_samples_per_second': 80.1, 'epoch': 1.0}"], 'eval_loss').values).toEqual([0.5123]);
    expect(readAll(['[19]\ttrain-logloss:0.0700\ttest-logloss:0.0721'], 'test-logloss').values).toEqual([0.0721]);
    expect(readAll(["[10]\tvalid_0's l2: 0.25", "[20]\tvalid_0's l2: 0.2"], 'l2').values).toEqual([0.25, 0.2]);
  });

  it('takes no row that differs from the header, and a new header replaces the old one', () => {
    const { values } = readAll(
      ['epoch train_loss loss', 'Saving checkpoint 3 to disk', '1 0.5', 'run 2 0.4', '1 0.6 0.5', 'loss epoch', '0.3 2'],
      'loss',
    );
    expect(values).toEqual([undefined, undefined, undefined, undefined, 0.5, undefined, 0.3]);
  });

  it("reads `name value` alone on a line: Python's print('loss', v) and Lightning's test tables", () => {
    expect(
      readAll(['loss 0.41', 'test_loss 0.3', '│         loss          │    0.2500    │', '        loss            0.125', 'Loss	0.5'], 'loss').values,
    ).toEqual([0.41, undefined, 0.25, 0.125, 0.5]);
    expect(readAll(['loss 3 times', 'loss: 0.2 0.3', 'val_loss 0.5', 'loss 0.41s'], 'loss').values).toEqual([undefined, 0.2, undefined, undefined]);
  });

  it('reads a percent sign after the number, a running average in brackets, and names with an @ (found by a user audit)', () => {
    expect(readAll(['Epoch 1 | loss 0.3850 | acc 61.5%', 'epoch 2 acc 91.2%, loss 0.3'], 'acc').values).toEqual([61.5, 91.2]);
    // PyTorch's ImageNet example: `value (average)` parts apart by tabs, its epoch line ` * Acc@1 ... Acc@5 ...`
    const imagenet = ['Epoch: [0][ 10/30]\tTime  0.512 ( 0.530)\tLoss 6.810e+00 (6.9000e+00)\tAcc@1   0.39 (  0.20)\tAcc@5   1.17 (  0.98)', ' * Acc@1 71.530 Acc@5 86.530'];
    expect(readAll(imagenet, 'Acc@1').values).toEqual([0.39, 71.53]);
    expect(readAll(imagenet, 'Loss').values).toEqual([6.81, undefined]);
  });

  it("reads a torch tensor printed beside the name, print('loss', t) (a user audit)", () => {
    const lines = ['epoch 1: loss tensor(0.4100)', "epoch 2: loss tensor(0.35, device='cuda:0', grad_fn=<NllLossBackward0>)", 'loss tensor(0.3) acc 0.9', 'loss 0.5)', 'loss tensor([0.3500])'];
    expect(readAll(lines, 'loss').values).toEqual([0.41, 0.35, 0.3, undefined, 0.35]);
  });

  it("reads thousands written with commas (Python's {:,}), not a decimal comma (found by a user audit)", () => {
    expect(readAll(['Episode 6 | reward: 1,098.5 | steps: 3,295', 'reward 1,234', 'reward=12,345,678'], 'reward').values).toEqual([1098.5, 1234, 12345678]);
    // a decimal comma (a German locale's 0,912) is not read: its 0 was taken for the value (a user audit)
    expect(readAll(['reward: 0,912', 'reward: 1,23'], 'reward').values).toEqual([undefined, undefined]);
    expect(readAll(['Final perplexity: 1,234.56'], 'perplexity').values).toEqual([1234.56]);
    // another key after a comma ends the number; digits after one (3,4: a list or 3.4?) are not read
    expect(readAll(['loss=0.5,acc=0.9', 'loss: 3,4'], 'loss').values).toEqual([0.5, undefined]);
    const parser = createMetricParser('val_loss', null, 'last');
    for (const line of ['epoch 1 val_loss=0,733551', 'epoch 2 val_loss=0,52']) parser.push(line);
    expect(parser.result()).toMatchObject({ value: null, problem: expect.stringContaining('(line 1 has val_loss 0,733551 with a decimal comma (a locale\'s, such as LC_NUMERIC=de_DE): hypertune reads a decimal point; run the program with LC_ALL=C, or print the value with a point)') });
  });

  it('reads 2,512 as thousands only after values that showed a decimal point, and never beside a decimal comma (a user audit)', () => {
    const resultOf = (lines: string[], metric = 'val_loss') => {
      const parser = createMetricParser(metric, null, 'last');
      const read = lines.flatMap((line) => parser.push(line)).map(({ value }) => value);
      return { read, ...parser.result() };
    };
    // `%.3f` under LC_NUMERIC=de_DE: every loss above 1 looks like thousands; it was stored as 2512
    expect(resultOf(['epoch 1 val_loss=2,512', 'epoch 2 val_loss=1,875', 'epoch 3 val_loss=0,734'])).toMatchObject({
      read: [],
      value: null,
      problem: expect.stringContaining("(line 3 has val_loss 0,734 with a decimal comma (a locale's, such as LC_NUMERIC=de_DE) (and line 1's 2,512 was not read as 2512): hypertune reads a decimal point; run the program with LC_ALL=C"),
    });
    expect(resultOf(['epoch 1 val_loss=2,512', 'epoch 2 val_loss=1,875'])).toMatchObject({
      read: [],
      value: null,
      problem: expect.stringContaining('(line 1 has val_loss 2,512: a decimal comma (2.512) or thousands (2512)? no value of val_loss before it showed a decimal point (0.41, 987 or 1,098.5), so hypertune reads neither; run the program with LC_ALL=C, or print the value with a point and no thousands separator)'),
    });
    // a decimal comma in an output whose other values were read fails it too: its result may be the wrong line's
    expect(resultOf(['epoch 1 val_loss=0.5', 'epoch 2 val_loss=0,4'])).toMatchObject({
      read: [0.5],
      value: 0.5,
      problem: "not every value of the metric was read (line 2 has val_loss 0,4 with a decimal comma (a locale's, such as LC_NUMERIC=de_DE): hypertune reads a decimal point; run the program with LC_ALL=C, or print the value with a point)",
    });
    // another metric's decimal comma says nothing of this one
    expect(resultOf(['loss=0.3 val_loss=0,5', 'val_loss=0,4'], 'loss')).toMatchObject({ value: 0.3, problem: null });
    expect(resultOf(['epoch 1 val_loss=1.5', 'epoch 2 val_loss=1,250', 'epoch 3 val_loss=0,7335']).problem).toMatch(/^not every value of the metric was read \(line 3 has val_loss 0,7335 with a decimal comma/);
    // a count with Python's {:,}: thousands after a whole number, a point or unmistakable thousands
    for (const lines of [['tokens=987', 'tokens=1,024'], ['tokens=987.5', 'tokens=1,024'], ['tokens=1,098.5', 'tokens=1,024'], ['tokens=12,345,678', 'tokens=1,024']]) {
      expect(resultOf(lines, 'tokens')).toMatchObject({ value: 1024, problem: null });
    }
    expect(resultOf(['tokens=nan', 'tokens=1,024'], 'tokens')).toMatchObject({ value: Number.NaN, problem: expect.stringContaining('line 2 has tokens 1,024: a decimal comma (1.024) or thousands (1024)?') });
    // a column of a table whose cells a bar separates, and a pattern's capture, the same way
    expect(resultOf(['epoch | val_loss', '1 | 2,512'])).toMatchObject({ value: null, problem: expect.stringContaining('line 2 has val_loss 2,512: a decimal comma') });
    const pattern = createMetricParser('loss', String.raw`loss is ([\d,.]+)`, 'last');
    expect(['loss is 0.9', 'loss is 1,250', 'loss is 2,512'].flatMap((line) => pattern.push(line)).map(({ value }) => value)).toEqual([0.9, 1250, 2512]);
    expect(createMetricParser('loss', String.raw`loss is ([\d,.]+)`, 'last').push('loss is 2,512')).toEqual([]);
  });

  it('reads 1.234 as a decimal point unless the output writes numbers as a German locale does, or the values before were whole numbers (a user audit)', () => {
    const resultOf = (lines: string[], metric = 'samples') => {
      const parser = createMetricParser(metric, null, 'last');
      const read = lines.flatMap((line) => parser.push(line)).map(({ value }) => value);
      return { read, ...parser.result() };
    };
    // `{:n}` under LC_NUMERIC=de_DE: 1234 is `1.234`, 1234.5 is `1.234,5`; it was stored as 1.234
    expect(resultOf(['epoch 1 loss=0,53 samples=987', 'epoch 2 loss=0,41 samples=1.234'])).toMatchObject({
      read: [987],
      problem: expect.stringContaining('(line 2 has samples 1.234: a decimal point (1.234) or thousands (1234)? line 1 writes loss=0,53 as a locale such as LC_NUMERIC=de_DE does, and no value of samples showed a decimal point (0.41), so hypertune reads neither;'),
    });
    // the sign after the value, on its line or later: the value was read, and the trial fails
    expect(resultOf(['epoch 1 samples=1.234 loss=0,53']).problem).toContain('line 1 has samples 1.234: a decimal point (1.234) or thousands (1234)? line 1 writes loss=0,53');
    expect(resultOf(['samples=1.234', 'loss: 0,5312'])).toMatchObject({ read: [1.234], problem: expect.stringContaining('line 2 writes loss: 0,5312 as a locale such as LC_NUMERIC=de_DE does, and no value of samples showed a decimal point (0.41), it was read as 1.234;') });
    expect(resultOf(['samples=987', 'samples=1.234']).problem).toContain('the values of samples before it were whole numbers (987), none with a decimal point (0.41), so hypertune reads neither');
    // a whole number of 1000 or more without a separator (Hugging Face's {:.4g} of 1234.5) shows no point thousands
    expect(resultOf(["{'eval_loss': '1234'}", "{'eval_loss': '5.123'}"], 'eval_loss')).toMatchObject({ read: [1234, 5.123], problem: null });
    // a point the metric showed before (or later) says it is a decimal; lists, device ids and IPs are no locale's sign
    expect(resultOf(['loss=0,53', 'samples=0.5', 'samples=1.234'])).toMatchObject({ read: [0.5, 1.234], problem: null });
    expect(resultOf(['loss=0,53', 'samples=1.234', 'samples=0.75'])).toMatchObject({ read: [0.75], problem: expect.stringContaining('so hypertune reads neither') });
    expect(resultOf(['samples=1.234', 'lr=0,001 samples=0.5'])).toMatchObject({ read: [1.234, 0.5], problem: null });
    expect(resultOf(['gpus=0,1 hidden=128,64 milestones=30,60 MASTER_ADDR=192.168.100.200', 'loss=2.512', 'loss=1.234'], 'loss')).toMatchObject({ read: [2.512, 1.234], problem: null });
    expect(resultOf(['loss=2.512', 'loss=1.234', 'loss=0.734'], 'loss')).toMatchObject({ read: [2.512, 1.234, 0.734], problem: null });
    // thousands points with a decimal comma, or two of them, are the metric's locale: the trial fails naming the line
    expect(resultOf(['epoch 1 val_loss 1.234,5', 'epoch 2 val_loss=0.5'], 'val_loss')).toMatchObject({ read: [0.5], problem: expect.stringContaining('line 1 has val_loss 1.234,5 with a decimal comma') });
    expect(resultOf(['samples=1.234.567'])).toMatchObject({ read: [], problem: expect.stringContaining('line 1 has samples 1.234.567 with points between thousands') });
  });

  it('judges a JSON string value as the same number printed bare (a user audit)', () => {
    const resultOf = (lines: string[]) => {
      const parser = createMetricParser('val_loss', null, 'last');
      const read = lines.flatMap((line) => parser.push(line)).map(({ value }) => value);
      return { read, ...parser.result() };
    };
    expect(resultOf(['{"epoch": 1, "val_loss": "2,512"}'])).toMatchObject({ read: [], problem: expect.stringContaining('line 1 has val_loss 2,512: a decimal comma (2.512) or thousands (2512)?') });
    expect(resultOf(['{"val_loss": 0.9}', '{"val_loss": "0,733"}'])).toMatchObject({ read: [0.9], problem: expect.stringContaining('line 2 has val_loss 0,733 with a decimal comma') });
    expect(resultOf(['{"val_loss": "0.9"}', '{"val_loss": "2,512"}', '{"val_loss": "NaN"}'])).toMatchObject({ read: [0.9, 2512, Number.NaN] });
  });

  it('reads a line as a terminal shows it: colours around the name or the value (a user audit)', () => {
    expect(readAll(['\u001b[32mINFO\u001b[0m \u001b[1mepoch 2\u001b[0m val_loss=\u001b[33m1.19436\u001b[0m', '\u001b[3mval_loss\u001b[0m\u001b[2m=\u001b[0m25.0'], 'val_loss')).toEqual({ values: [1.19436, 25], steps: [2, 2] });
  });

  it('reads `name value` where the number ends the line or a part of it (a comma, semicolon or bar follows)', () => {
    const nanoGpt = readAll(['step 100: train loss 4.1234, val loss 4.2345', 'step 200: train loss 3.9, val loss 4.0'], 'val loss');
    expect(nanoGpt).toEqual({ values: [4.2345, 4], steps: [100, 200] });
    expect(readAll(['step 100: train loss 4.1234, val loss 4.2345'], 'train loss').values).toEqual([4.1234]);
    expect(readAll(['Epoch 3 | loss 0.25 | acc 0.9', 'epoch 4; loss 0.2; acc 0.91', 'epoch 5 loss 0.15 acc 0.92'], 'loss')).toEqual({ values: [0.25, 0.2, 0.15], steps: [3, 4, 5] });
    // not a number that a word follows, and `name: value` first wherever it is
    expect(readAll(['loss 3 times, then loss: 0.5', 'loss 3 times'], 'loss').values).toEqual([0.5, undefined]);
    // not a name that a word comes before: the training loss is no `loss` (the user names `val loss`)
    expect(readAll(['Epoch 3: train loss 0.52, val loss 0.61'], 'loss').values).toEqual([undefined]);
    expect(readAll(['train acc 0.95, val acc 0.80'], 'acc').values).toEqual([undefined]);
  });

  it('leaves columns alone under a pattern of its own', () => {
    const parser = createMetricParser('loss', String.raw`score=(\S+)`, 'last');
    expect(['epoch loss', '1 0.5', 'loss 0.4'].flatMap((line) => parser.push(line))).toEqual([]);
  });

  it('gives the step a line states for itself, else the one given last, else none (the ordinal counts)', () => {
    expect(readAll(['loss=0.4', 'epoch 7 loss=0.3', 'loss=0.2', '{"step": 40, "loss": 0.1}'], 'loss').steps).toEqual([undefined, 7, 7, 40]);
    // Keras: the epoch on a line of its own above the metrics; Hugging Face: whole epochs written as floats
    expect(readAll(['Epoch 1/3', '10/10 - loss: 0.5', 'Epoch 2/3', '10/10 - loss: 0.4'], 'loss').steps).toEqual([1, 2]);
    expect(readAll(["{'loss': 0.9, 'epoch': 1.0}", "{'loss': 0.8, 'epoch': 1.5}", "{'loss': 0.7, 'epoch': 2.0}"], 'loss').steps).toEqual([1, 2, 2]);
    // a line that only mentions a step further in does not set one
    expect(readAll(['saved checkpoint at global step 500', 'loss=0.3'], 'loss').steps).toEqual([undefined]);
  });
});

describe('createMetricParser, progress bars (lines ended by a lone \\r)', () => {
  /** Feeds a log as the runner does and returns every value that stood, with its step, and the result. */
  function readLog(text: string, metric: string) {
    const parser = createMetricParser(metric, null, 'min');
    const read = splitLog(text).flatMap((line) => parser.push(line.text, line.rewritten));
    read.push(...parser.finish());
    return { stood: read.map(({ value, step }) => [step, value]), result: parser.result() };
  }

  it("reads Keras' verbose=1 bar once per epoch: the epoch's last state, not its first batch", () => {
    // Keras writes each state as backspaces over the old one, `\r`, then the new state; the epoch's last ends with `\n`
    const epoch = (n: number, losses: number[]) =>
      `Epoch ${n}/2\n` + losses.map((loss, i) => `${i + 1}/3 ━━━━ 1s 5ms/step - loss: ${loss}${i === 2 ? ' - val_loss: 0.9\n' : '\b\b\b\b\r'}`).join('');
    const log = epoch(1, [2.3, 1.1, 0.7]) + epoch(2, [0.6, 0.5, 0.45]);
    expect(readLog(log, 'loss')).toMatchObject({ stood: [[1, 0.7], [2, 0.45]], result: { value: 0.45, intermediate: [0.7, 0.45] } });
    expect(readLog(log, 'val_loss').stood).toEqual([[1, 0.9], [2, 0.9]]);
  });

  it("releases a tqdm bar's epoch as soon as the next epoch's bar starts, not when that epoch's value comes (a user audit)", () => {
    // one bar per epoch, desc=f"epoch {e}": its states end with \r, the last (with val_loss) with \n, after a \r
    const epoch = (n: number, val: number) => `\repoch ${n}:   0%|          | 0/3\repoch ${n}:  67%|######6   | 2/3\repoch ${n}: 100%|##########| 3/3 val_loss=${val}\n`;
    const parser = createMetricParser('val_loss', null, 'min');
    const lines = splitLog(epoch(1, 0.9) + epoch(2, 0.7) + epoch(3, 0.5));
    // what stood after each line, beside that line's text
    const stood = lines.flatMap((line) => parser.push(line.text, line.rewritten).map(({ step, value }) => [line.text.slice(0, 11), step, value]));
    // epoch 1's value stands at epoch 2's first state, not at epoch 2's value; epoch 2's at epoch 3's
    expect(stood).toEqual([['epoch 2:   ', 1, 0.9], ['epoch 3:   ', 2, 0.7]]);
    expect(parser.finish().map(({ step, value }) => [step, value])).toEqual([[3, 0.5]]);
    expect(parser.result()).toMatchObject({ value: 0.5, intermediate: [0.9, 0.7, 0.5] });
  });

  it("takes model.evaluate's bar after fit as the result, not a point of the curve; a bar no `Epoch` line opened before is a point (a user audit)", () => {
    const bar = (losses: number[]) => losses.map((loss, i) => `${i + 1}/${losses.length} ━━━━ 1s 5ms/step - loss: ${loss}${i === losses.length - 1 ? '\n' : '\b\b\b\b\r'}`).join('');
    const fit = `Epoch 1/2\n${bar([2.3, 1.1, 0.7])}Epoch 1: loss improved from inf to 0.7\nEpoch 2/2\n${bar([0.6, 0.5, 0.45])}`;
    const last = (text: string) => {
      const parser = createMetricParser('loss', null, 'last');
      const stood = splitLog(text).flatMap((line) => parser.push(line.text, line.rewritten));
      stood.push(...parser.finish());
      return { stood: stood.map(({ value, step }) => [step, value]), result: parser.result() };
    };
    expect(last(fit + bar([0.9, 0.4, 0.31]))).toMatchObject({ stood: [[1, 0.7], [2, 0.45]], result: { value: 0.31, intermediate: [0.7, 0.45], closingLine: 12 } });
    // Keras 2's bar and verbose=2's line the same way; under min the curve's best
    expect(last(`${fit}313/313 [==============================] - 1s 2ms/step - loss: 0.3100 - accuracy: 0.8900\n`).result).toMatchObject({ value: 0.31, intermediate: [0.7, 0.45] });
    expect(last(`${fit}313/313 - 1s - 2ms/step - loss: 0.3100\n`).result).toMatchObject({ value: 0.31, intermediate: [0.7, 0.45] });
    expect(readLog(fit + bar([0.9, 0.4, 0.31]), 'loss').result).toMatchObject({ value: 0.45, intermediate: [0.7, 0.45] });
    // evaluate before fit, and a loop of bars with no `Epoch` line, count as points (a bar naming no step: each state)
    expect(last(bar([3, 2.5]) + fit).result.intermediate).toEqual([3, 2.5, 0.7, 0.45]);
    expect(last(bar([3, 2.5]) + bar([2, 1.5])).result).toMatchObject({ value: 1.5, intermediate: [3, 2.5, 2, 1.5] });
  });

  it("reads Keras' fit as it draws each epoch's end twice (the last batch's 5/5, then 5/5 with val_loss), also with one batch, and evaluate's bar after it (a user audit: no val_loss curve)", () => {
    // Keras 3's Progbar: `\b`s and `\r` before each state, `\n` after the epoch's last
    const bar = (total: number, loss: number, val: number | null) =>
      Array.from({ length: total }, (_, i) => `\b\b\b\r${i + 1}/${total} ━━━━ 1s 5ms/step - loss: ${loss}`).join('') + `\b\b\b\r${total}/${total} ━━━━ 1s 5ms/step - loss: ${loss}${val === null ? '' : ` - val_loss: ${val}`}\n`;
    for (const total of [3, 1]) {
      const fit = `Epoch 1/2\n${bar(total, 0.7, 0.9)}Epoch 2/2\n${bar(total, 0.45, 0.6)}`;
      const read = (text: string, metric: string) => {
        const parser = createMetricParser(metric, null, 'last');
        for (const line of splitLog(text)) parser.push(line.text, line.rewritten);
        parser.finish();
        return parser.result();
      };
      expect(read(fit, 'val_loss')).toMatchObject({ value: 0.6, intermediate: [0.9, 0.6] });
      expect(read(fit + bar(total, 0.31, null), 'val_loss')).toMatchObject({ value: 0.6, intermediate: [0.9, 0.6] });
      expect(read(fit + bar(total, 0.31, null), 'loss')).toMatchObject({ value: 0.31, intermediate: [0.7, 0.45] });
    }
  });

  it("reads Lightning's one bar by the last state of each epoch: the val_loss it shows at first is the epoch before's", () => {
    const states = ['Epoch 0: 50%| v_num=0', 'Epoch 0: 100%| v_num=0, val_loss=0.80', 'Epoch 1: 50%| v_num=0, val_loss=0.80', 'Epoch 1: 100%| v_num=0, val_loss=0.60'];
    const log = `${states.map((state) => `\r${state}`).join('')}\n`;
    expect(readLog(log, 'val_loss').stood).toEqual([[0, 0.8], [1, 0.6]]);
    // killed while a state is shown: that state stands at the end
    expect(readLog(states.map((state) => `\r${state}`).join(''), 'val_loss').stood).toEqual([[0, 0.8], [1, 0.6]]);
  });

  it("reads Lightning's bar with its validation bar below it, whose `\\n` and cursor-up do not end the epoch's line (found by a user audit)", () => {
    let log = '';
    let post = 'v_num=0';
    [0.8, 0.6, 0.45].forEach((val, e) => {
      for (let b = 1; b <= 3; b++) log += `\rEpoch ${e}: ${33 * b}%|███| ${b}/3 [00:00<00:00, ${post}, train_loss=0.500]`;
      log += '\n\rValidation DataLoader 0: 100%|██████████| 2/2 [00:00<00:00]\u001b[A';
      log += `\n\r${' '.repeat(70)}\u001b[A`;
      post = `v_num=0, val_loss=${val.toFixed(3)}`;
      log += `\rEpoch ${e}: 100%|███| 3/3 [00:00<00:00, ${post}, train_loss=0.500]`;
    });
    expect(readLog(`${log}\n`, 'val_loss').stood).toEqual([
      [0, 0.8],
      [1, 0.6],
      [2, 0.45],
    ]);
  });

  it('gives every state of a bar without a step in its text, as before (each is its own step)', () => {
    expect(readLog('\r10%| loss=0.9\r50%| loss=0.5\r100%| loss=0.3\n', 'loss').stood).toEqual([
      [undefined, 0.9],
      [undefined, 0.5],
      [undefined, 0.3],
    ]);
  });

  it('lets a bar state stand when a line of another step comes, and replaces it by a line of its own step', () => {
    const state = (epoch: number, loss: number) => `epoch ${epoch} 5/10 [=====>....] loss=${loss}`;
    // the bar's last state (`\n` after its `\r`s) is replaced by the line printed for its epoch
    expect(readLog(`\r${state(1, 0.9)}\r${state(1, 0.8)}\nepoch 1 loss=0.7\n\r${state(2, 0.6)}\nepoch 3 loss=0.5\n`, 'loss').stood).toEqual([
      [1, 0.7],
      [2, 0.6],
      [3, 0.5],
    ]);
    // a plain line without a value after a bar lets the bar's last state stand
    expect(readLog(`\r${state(1, 0.9)}\r${state(1, 0.8)}\nsaved checkpoint\n`, 'loss').stood).toEqual([[1, 0.8]]);
  });

  it('takes a status line rewritten with \\r that is no bar as it comes: nothing held, nothing late (found by a user audit)', () => {
    // print(f"epoch {e} loss={l}", end="\r"), and a status line with no step
    expect(readLog('epoch 1 loss=0.9\repoch 2 loss=0.8\r', 'loss').stood).toEqual([
      [1, 0.9],
      [2, 0.8],
    ]);
    const parser = createMetricParser('loss', null, 'last');
    expect(parser.push('training... loss=0.5', true)).toEqual([{ value: 0.5, step: undefined, line: 1 }]);
  });
});

describe("createMetricParser, a framework's best iteration repeated at the end", () => {
  it("takes LightGBM's and XGBoost's repeated best iteration as the result, not as one more step (found by a user audit)", () => {
    for (const [metric, lines] of [
      ["valid_1's l2", ["[1]\ttraining's l2: 0.5\tvalid_1's l2: 0.6", "[2]\ttraining's l2: 0.4\tvalid_1's l2: 0.55", "[3]\ttraining's l2: 0.3\tvalid_1's l2: 0.58", 'Did not meet early stopping. Best iteration is:', "[2]\ttraining's l2: 0.4\tvalid_1's l2: 0.55"]],
      ['validation_0-logloss', ['[0]\tvalidation_0-logloss:0.6', '[1]\tvalidation_0-logloss:0.55', '[2]\tvalidation_0-logloss:0.58', 'Stopping. Best iteration:', '[1]\tvalidation_0-logloss:0.55']],
    ] as const) {
      const parser = createMetricParser(metric, null, 'last');
      const stood = lines.flatMap((line) => parser.push(line));
      expect(stood.map((read) => read.value)).toEqual([0.6, 0.55, 0.58]);
      expect(parser.result()).toMatchObject({ value: 0.55, intermediate: [0.6, 0.55, 0.58], problem: null });
    }
  });
});

describe('createMetricParser, iterations as steps', () => {
  /** Every value that stood, with its step, as `run` stores them. */
  function stepsOf(lines: string[], metric: string): Array<[number | undefined, number]> {
    const parser = createMetricParser(metric, null, 'last');
    return [...lines.flatMap((line) => parser.push(line)), ...parser.finish()].map(({ step, value }) => [step, value]);
  }

  it("gives Caffe's and scikit-learn's values the iteration their lines name, or the one a glog line opens (a user audit)", () => {
    const glog = (where: string, text: string) => `I0901 13:35:21.211562 20072 ${where}] ${text}`;
    const caffe = [
      glog('solver.cpp:330', 'Iteration 0, Testing net (#0)'),
      glog('solver.cpp:397', '    Test net output #0: accuracy = 0.1'),
      glog('solver.cpp:218', 'Iteration 0 (0 iter/s, 0.05s/100 iters), loss = 2.3'),
      glog('solver.cpp:218', 'Iteration 100 (123.186 iter/s, 0.811779s/100 iters), loss = 0.5'),
      glog('solver.cpp:330', 'Iteration 200, Testing net (#0)'),
      glog('solver.cpp:397', '    Test net output #0: accuracy = 0.9'),
    ];
    expect(stepsOf(caffe, 'accuracy')).toEqual([[0, 0.1], [200, 0.9]]);
    expect(stepsOf(caffe, 'loss')).toEqual([[0, 2.3], [100, 0.5]]);
    expect(stepsOf(['Iteration 1, loss = 0.68', 'Iteration 2, loss = 0.51', 'iter 3 loss=0.4'], 'loss')).toEqual([[1, 0.68], [2, 0.51], [3, 0.4]]);
  });

  it('reads no iteration once an epoch or a step was given: one counted within each epoch would make the steps go back', () => {
    const lines = ['Epoch 1', '[iter 100/200] loss: 0.9', '[iter 200/200] loss: 0.8', 'Epoch 2', '[iter 100/200] loss: 0.7', 'epoch 3 iter 100 loss=0.6'];
    expect(stepsOf(lines, 'loss')).toEqual([[1, 0.9], [1, 0.8], [2, 0.7], [3, 0.6]]);
  });
});

describe('createMetricParser, lines after the training loop', () => {
  /** Every value that stood, with its step, and the result. */
  function readLines(lines: string[], objective: 'last' | 'min' | 'max' = 'last', metric = 'val_loss') {
    const parser = createMetricParser(metric, null, objective);
    const stood = [...lines.flatMap((line) => parser.push(line)), ...parser.finish()].map(({ step, value }) => [step, value]);
    return { stood, result: parser.result() };
  }

  it("takes `final`, `best` or `test` <metric> after the loop as the result, not as one more point at the last step (a user audit)", () => {
    const loop = ['epoch 26 val_loss=0.45', 'epoch 27 val_loss=0.41'];
    expect(readLines([...loop, 'final val_loss=0.41'])).toEqual({ stood: [[26, 0.45], [27, 0.41]], result: { value: 0.41, intermediate: [0.45, 0.41], problem: null, closingLine: 3 } });
    // several: the last is the result under `last`; `min` and `max` pick from the curve, as for LightGBM's repeated best
    const after = [...loop, 'Best val_loss: 0.38', 'Test set: val_loss=0.47'];
    expect(readLines(after)).toEqual({ stood: [[26, 0.45], [27, 0.41]], result: { value: 0.47, intermediate: [0.45, 0.41], problem: null, closingLine: 4 } });
    expect(readLines(after, 'min').result.value).toBe(0.41);
    // a best epoch named after the loop is no step the run went back to
    expect(readLines([...loop, 'Best epoch 12: val_loss=0.38']).stood).toEqual([[26, 0.45], [27, 0.41]]);
    // a program that gives no steps: no next ordinal either
    expect(readLines(['val_loss=0.5', 'val_loss=0.45', 'test val_loss=0.47'])).toEqual({ stood: [[undefined, 0.5], [undefined, 0.45]], result: { value: 0.47, intermediate: [0.5, 0.45], problem: null, closingLine: 3 } });
    expect(readLines([...loop, 'final val_loss=nan']).result.problem).toBe('the metric was NaN (line 3: final val_loss=nan)');
  });

  it("takes an evaluation after training as the result: after Hugging Face's train_runtime dict, Lightning's fit-stopped line or its validate table (a user audit)", () => {
    const hf = ["{'eval_loss': '0.5', 'epoch': '1'}", "{'eval_loss': '0.45', 'epoch': '2'}", "{'train_runtime': '40.1', 'train_samples_per_second': '59.8', 'train_loss': '0.6', 'epoch': '2'}", "{'eval_loss': '0.44', 'epoch': '2'}"];
    expect(readLines(hf, 'last', 'eval_loss')).toEqual({ stood: [[1, 0.5], [2, 0.45]], result: { value: 0.44, intermediate: [0.5, 0.45], problem: null, closingLine: 4 } });
    expect(readLines(hf, 'last', 'train_loss').result).toMatchObject({ value: 0.6, intermediate: [0.6] });
    // a script's own log of its epoch's runtime ends nothing
    expect(readLines(['{"epoch": 1, "train_runtime": 12.5, "val_loss": 0.5}', '{"epoch": 2, "train_runtime": 12.4, "val_loss": 0.4}']).stood).toEqual([[1, 0.5], [2, 0.4]]);
    const lightning = ['Epoch 0: 100%|##########| 50/50 [00:01<00:00, v_num=0, val_loss=0.500]', 'Epoch 1: 100%|##########| 50/50 [00:01<00:00, v_num=0, val_loss=0.450]', '`Trainer.fit` stopped: `max_epochs=2` reached.'];
    expect(readLines([...lightning, 'final score val_loss: 0.44'])).toMatchObject({ stood: [[0, 0.5], [1, 0.45]], result: { value: 0.44, closingLine: 4 } });
    const table = ['\u2503      Validate metric      \u2503       DataLoader 0        \u2503', '\u2502         val_loss          \u2502    0.4399999976158142     \u2502'];
    expect(readLines([...lightning.slice(0, 2), ...table])).toMatchObject({ stood: [[0, 0.5], [1, 0.45]], result: { value: 0.4399999976158142, closingLine: 4 } });
    const plain = ['\u2500'.repeat(40), '     Validate metric           DataLoader 0', '\u2500'.repeat(40), '        val_loss            0.4399999976158142'];
    expect(readLines([...lightning.slice(0, 2), ...plain])).toMatchObject({ stood: [[0, 0.5], [1, 0.45]], result: { value: 0.4399999976158142, closingLine: 6 } });
    // a validation before training (no value yet) ends nothing
    expect(readLines([...table, ...lightning.slice(0, 2)]).stood).toEqual([[undefined, 0.4399999976158142], [0, 0.5], [1, 0.45]]);
  });

  it("keeps a test line that each epoch prints on the curve (PyTorch's MNIST example), and a program's every line that says test", () => {
    const mnist = (epoch: number, test: number) => [`Train Epoch: ${epoch} [0/60000 (0%)]\tLoss: 2.3`, `Train Epoch: ${epoch} [59520/60000 (99%)]\tLoss: 0.1`, `Test set: Average loss: ${test}, Accuracy: 9845/10000 (98%)`];
    expect(readLines([...mnist(1, 0.05), ...mnist(2, 0.04)], 'last', 'loss')).toEqual({
      stood: [[1, 2.3], [1, 0.1], [1, 0.05], [2, 2.3], [2, 0.1]],
      result: { value: 0.04, intermediate: [2.3, 0.1, 0.05, 2.3, 0.1], problem: null, closingLine: 6 },
    });
    expect(readLines(['epoch 1', 'test loss: 0.5', 'epoch 2', 'test loss: 0.4'], 'last', 'loss').stood).toEqual([[1, 0.5], [2, 0.4]]);
    // the first value is never held: it has no curve to sum up
    expect(readLines(['final val_loss=0.3']).stood).toEqual([[undefined, 0.3]]);
  });
});

describe('createMetricParser, a count out of a total', () => {
  it("reads its share, as PyTorch's MNIST example prints its accuracy", () => {
    const line = 'Test set: Average loss: 0.0480, Accuracy: 9845/10000 (98%)';
    expect(valuesOf([line], 'Accuracy')).toEqual([0.9845]);
    expect(valuesOf([line], 'loss')).toEqual([0.048]);
    expect(valuesOf(['correct: 45/50', 'correct: 3/0', 'correct: 7/1.5'], 'correct')).toEqual([0.9, 3, 7]);
  });
});

describe('createMetricParser, a word where the number should be', () => {
  it('names the line that holds the metric with no number (a user audit: "no line matched" of a line that was there)', () => {
    const parser = createMetricParser('loss', null, 'last');
    for (const line of ['epoch 1 done', 'loss=abc', 'loss: n/a']) parser.push(line);
    parser.finish();
    expect(parser.result().problem).toMatch(/^no line matched .* \(line 2 has loss=abc, which is no number\)$/);
    // a number after all: no such note
    const fine = createMetricParser('loss', null, 'last');
    for (const line of ['loss=abc', 'loss=0.5']) fine.push(line);
    fine.finish();
    expect(fine.result()).toMatchObject({ value: 0.5, problem: null });
  });
});

describe('createMetricParser, custom pattern', () => {
  it('reads the one capture group', () => {
    expect(valuesOf(['Test set: Average loss: 0.0312, Accuracy: 9899/10000'], 'loss', String.raw`Average loss: (\S+),`)).toEqual([
      0.0312,
    ]);
    expect(valuesOf(['loss=0.5'], 'loss', String.raw`score (\d+)`)).toEqual([undefined]);
  });

  it('says when the capture is not a number', () => {
    const parser = createMetricParser('loss', String.raw`loss (\w+)`, 'last');
    parser.push('loss abc');
    expect(parser.result().problem).toContain('line 1 matched but "abc" is not a number');
  });

  it('refuses invalid patterns and the wrong number of groups as usage errors', () => {
    expect(() => createMetricParser('loss', '(unclosed', 'last')).toThrow(UsageError);
    expect(() => createMetricParser('loss', String.raw`loss \d+`, 'last')).toThrow(/exactly one capture group.*has 0/);
    expect(() => createMetricParser('loss', String.raw`(loss|cost) (\d+)`, 'last')).toThrow(/has 2/);
    expect(createMetricParser('loss', String.raw`(?:loss|cost) (\d+)`, 'last').push('cost 4')).toEqual([{ value: 4, step: undefined, line: 1 }]);
  });
});

describe('createMetricParser, objectives and problems', () => {
  function resultOf(objective: MetricObjective, lines: string[]) {
    const parser = createMetricParser('loss', null, objective);
    for (const line of lines) parser.push(line);
    return parser.result();
  }

  it('keeps every value in order and picks last, min or max', () => {
    const lines = ['loss=0.9', 'noise', 'loss=0.3', 'loss=0.5'];
    expect(resultOf('last', lines)).toEqual({ value: 0.5, intermediate: [0.9, 0.3, 0.5], problem: null });
    expect(resultOf('min', lines).value).toBe(0.3);
    expect(resultOf('max', lines).value).toBe(0.9);
  });

  it('lets min and max skip a NaN epoch, but not last', () => {
    const lines = ['loss=0.9', 'loss=0.3', 'loss=nan'];
    expect(resultOf('min', lines).value).toBe(0.3);
    expect(resultOf('last', lines).problem).toBe('the metric was NaN (line 3: loss=nan)');
    expect(resultOf('max', ['loss=nan']).problem).toMatch(/NaN/);
    // a run that went NaN and stayed so names where it began (a user audit: the error named its last line)
    expect(resultOf('last', ['loss=0.9', 'loss=nan', 'loss=nan']).problem).toBe('the metric was NaN (line 3: loss=nan; the first at line 2: loss=nan)');
    // the first of the last run of them: one that recovered in between is not named (a re-audit)
    expect(resultOf('last', ['loss=nan', 'loss=0.4', 'loss=nan']).problem).toBe('the metric was NaN (line 3: loss=nan)');
  });

  it('names what it looked for when nothing matched, and flags infinities', () => {
    expect(resultOf('last', ['accuracy 0.9'])).toEqual({
      value: null,
      intermediate: [],
      problem: 'no line matched "loss: <number>", "loss=<number>", "loss <number>", a JSON line with key "loss" or a column headed "loss"',
    });
    expect(resultOf('last', ['loss=-inf']).problem).toBe('the metric was -inf (line 1: loss=-inf)');
    // the line of the value picked, which with min or max is not always the last
    expect(resultOf('min', ['epoch 1 loss=0.5', 'epoch 2 loss=-inf', 'epoch 3 loss=0.7']).problem).toBe('the metric was -inf (line 2: epoch 2 loss=-inf)');
  });

  it('averages the last K values under last-K-avg, all of them when fewer, and keeps the curve as it is', () => {
    const lines = ['loss=0.9', 'loss=0.3', 'loss=0.5', 'loss=0.7'];
    expect(resultOf('last-3-avg', lines)).toEqual({ value: 0.5, intermediate: [0.9, 0.3, 0.5, 0.7], problem: null });
    expect(resultOf('last-10-avg', lines).value).toBeCloseTo(0.6, 12);
    expect(resultOf('last-2-avg', ['loss=1e308', 'loss=1e308']).value).toBe(1e308);
  });

  it('under last-K-avg fails at a NaN or inf among the last K, naming its line, and not at one before them', () => {
    expect(resultOf('last-2-avg', ['loss=0.9', 'loss=nan', 'loss=0.5']).problem).toBe('the metric was NaN (line 2: loss=nan; one of the last 2 values)');
    expect(resultOf('last-3-avg', ['loss=inf', 'loss=0.4', 'loss=0.3']).problem).toBe('the metric was inf (line 1: loss=inf; one of the last 3 values)');
    expect(resultOf('last-2-avg', ['loss=nan', 'loss=0.4', 'loss=0.2'])).toMatchObject({ value: 0.30000000000000004, problem: null });
  });

  it('under last-K-avg takes the curve, not a closing line after it (as min and max do)', () => {
    const lines = ['epoch 1 loss=0.4', 'epoch 2 loss=0.2', 'final loss=0.9'];
    expect(resultOf('last-2-avg', lines).value).toBeCloseTo(0.3, 12);
    expect(resultOf('last', lines).value).toBe(0.9);
    expect(resultOf('last-2-avg', ['accuracy 1']).problem).toMatch(/^no line matched/);
  });
});
