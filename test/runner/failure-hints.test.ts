import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { lastWords, metricNameHint, switchHint, unknownFlagHint } from '../../src/runner/failure-hints.js';

describe('failure hints', () => {
  it('names the value the output shows whose name is close to a metric that matched nothing', () => {
    const lines = ['epoch 1 train_loss=0.5 loss=0.4', "{'eval_acc': 0.91, 'step': 3}"];
    expect(metricNameHint('los', lines)).toBe('; the output has loss values: is the metric loss? (a study keeps its metric: give --metric loss to a new study, --study NAME)');
    expect(metricNameHint('eval_ac', lines)).toContain('is the metric eval_acc?');
    // Hugging Face's Trainer (4.47 and later) prints its floats as strings (a user audit)
    expect(metricNameHint('accuracy', ["{'eval_loss': '0.41', 'eval_accuracy': '0.805', 'epoch': '1'}"])).toContain('is the metric eval_accuracy?');
    // Lightning's bar shows what is logged with prog_bar=True only
    expect(metricNameHint('val_loss', ['Epoch 3: 100%|##########| 50/50 [00:01<00:00, 40.12it/s, v_num=0, train_loss=0.35]'])).toBe(
      '; the output has values named v_num, train_loss (a study keeps its metric: give --metric NAME to a new study, --study NAME); Lightning\'s progress bar shows a metric only when it is logged with prog_bar=True (self.log("val_loss", value, prog_bar=True)), or read its logger\'s file with --metric-file (docs/running.md, "Metrics in a file")',
    );
    // the metric as a part of the names shown: the validation one first
    expect(metricNameHint('loss', ['epoch 1 train_loss=0.5 val_loss=0.4'])).toBe('; the output has val_loss or train_loss values: is the metric val_loss or train_loss? (a study keeps its metric: give --metric val_loss to a new study, --study NAME)');
    // nothing close: the names there are (Keras without metrics=['accuracy']; a user audit)
    expect(metricNameHint('val_accuracy', ['1/1 - 0s - loss: 0.41 - val_loss: 0.52'])).toBe('; the output has values named loss, val_loss (a study keeps its metric: give --metric NAME to a new study, --study NAME)');
    // a JSON line's names as the paths that read them (a re-audit: val_loss was listed, metrics.val_loss reads it)
    expect(metricNameHint('accuracy', ['{"epoch": 1, "metrics": {"val_loss": 0.3, "acc": 0.8}, "train": {"loss": 0.5}}'])).toBe('; the output has values named epoch, metrics.val_loss, metrics.acc, train.loss (a study keeps its metric: give --metric NAME to a new study, --study NAME)');
    // a key nested in several objects of a JSON line (one alone is read): the dotted paths, which say which, the validation one first
    expect(metricNameHint('loss', ['{"epoch": 1, "train": {"loss": 0.5}, "val": {"loss": 0.3}}'])).toBe('; the output\'s JSON lines hold loss within objects: is the metric val.loss or train.loss? (a study keeps its metric: give --metric val.loss to a new study, --study NAME)');
    expect(metricNameHint('los', ['no numbers here'])).toBe('');
    // `name value` pairs, as --metric reads them too, and an abbreviation of the metric (a user audit: `acc` for accuracy)
    expect(metricNameHint('accuracy', ['loss tensor(0.35) acc tensor(0.8)'])).toContain('is the metric acc?');
    expect(metricNameHint('accuracy', ['epoch 3: loss 0.41 acc 0.87'])).toBe('; the output has acc values: is the metric acc? (a study keeps its metric: give --metric acc to a new study, --study NAME)');
    expect(metricNameHint('val_accuracy', ['step 20 loss 1.5e-3 lr 0.01'])).toBe('; the output has values named step, loss, lr (a study keeps its metric: give --metric NAME to a new study, --study NAME)');
    // the metric within a name of several words, which --metric takes as it is (a user audit: "values named set")
    expect(metricNameHint('score', ['Score on test set: 0.84'])).toBe('; the output has score within a longer name: is the metric "Score on test set"? (a study keeps its metric: give --metric "Score on test set" to a new study, --study NAME)');
    expect(metricNameHint('loss', ['step 100: train loss 4.12, val loss 4.23'])).toContain('is the metric "val loss"?');
    // a name that differs in case only is no other name: `Accuracy: 9845/10000` under --metric acc
    expect(metricNameHint('acc', ['Test set: Average loss: 0.0480, Accuracy: 9845/10000 (98%)'])).toContain('is the metric Accuracy?');
    // prose with one number names nothing
    expect(metricNameHint('accuracy', ['Accuracy of the network on the 10000 test images'])).toBe('');
  });

  it("names both switch modes for click, which says the same of a switch and of an on/off pair", () => {
    expect(switchHint(["Error: Option '--use_bn' does not take a value."])).toBe("; the program takes --use_bn as a switch, without a value: give --pass switches (true is a bare --use_bn, false leaves it out), or --pass switch-pairs if it has an off form (--no-use_bn: click's --use_bn/--no-use_bn, on by default)");
  });

  it("names a Node program's uncaught error by its headline, not the '}' closing the error's properties (a user audit)", async () => {
    // Node as it prints them: a missing script (CJS's require stack), and an error with a code of its own
    const missing = await execa(process.execPath, ['/nonexistent/train.mjs'], { reject: false });
    expect(lastWords(missing.stderr.split('\n'))).toBe(": Error: Cannot find module '/nonexistent/train.mjs'");
    const coded = await execa(process.execPath, ['-e', "throw Object.assign(new Error('CUDA out of memory'), { code: 'OOM', bytes: 12 })"], { reject: false });
    expect(coded.stderr.trimEnd().split('\n').at(-3)).toBe('}');
    expect(lastWords(coded.stderr.split('\n'))).toBe(': Error: CUDA out of memory');
    // a '}' the program printed itself, with more after it, is left as it is
    expect(lastWords(['at x {', '}', 'epoch 3 loss=0.5'])).toBe(': epoch 3 loss=0.5');
  });

  it("skips Hydra's closing advice and a box's border for the line that says what went wrong (a user audit)", () => {
    expect(lastWords(["Could not override 'optimizer.wd'.", 'Key \'wd\' is not in struct', 'Set the environment variable HYDRA_FULL_ERROR=1 for a complete stack trace.'])).toBe(": Key 'wd' is not in struct");
    const typer = ['\u256d\u2500 Error \u2500\u2500\u2500\u2500\u256e', "\u2502 No such option: --use_bn Did you mean --use-bn? \u2502", '\u2570\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u256f'];
    expect(lastWords(typer)).toBe(': No such option: --use_bn Did you mean --use-bn?');
  });

  it("says why Java, Node, Rust and C++ programs failed, not their last stack frame or boilerplate (a user audit)", () => {
    const java = ['Exception in thread "main" java.lang.RuntimeException: wrapped', '\tat Train.main(Train.java:40)', 'Caused by: java.lang.IllegalStateException: gradient exploded at step 3', '\tat Train.layer(Train.java:12)', '\t... 1 more'];
    expect(lastWords(java)).toBe(': Caused by: java.lang.IllegalStateException: gradient exploded at step 3');
    const node = ['file:///t/train.mjs:5', '  x.y.z;', '    ^', '', "TypeError: Cannot read properties of undefined (reading 'z')", '    at file:///t/train.mjs:5:7', '    at ModuleJob.run (node:internal/modules/esm/module_job:234:25)', '', 'Node.js v20.20.2'];
    expect(lastWords(node)).toBe(": TypeError: Cannot read properties of undefined (reading 'z')");
    const rust = ["thread 'main' panicked at src/main.rs:10:5:", 'loss diverged: NaN at epoch 2', 'note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace'];
    expect(lastWords(rust)).toBe(": thread 'main' panicked at src/main.rs:10:5: loss diverged: NaN at epoch 2");
    const cpp = ['epoch 1 loss=0.5', "terminate called after throwing an instance of 'std::runtime_error'", '  what():  CUDA error: out of memory'];
    expect(lastWords(cpp, true)).toBe(': what():  CUDA error: out of memory');
    // a handled exception logged before the program went on is not why it died (PySpark; a re-audit)
    expect(lastWords(['Caused by: java.net.SocketTimeoutException: Read timed out', 'INFO step 0 ok', 'Traceback (most recent call last):', '  File "t.py", line 4, in <module>', 'ValueError: loss became nan at epoch 5'])).toBe(': ValueError: loss became nan at epoch 5');
    expect(lastWords(['Caused by: java.net.SocketTimeoutException: Read timed out (retried, ok)', 'epoch 3 loss=0.4'], true)).toBe('');
    // killed by a signal without a headline: no last line (it is whatever the program printed before)
    expect(lastWords(['epoch 3 loss=0.4'], true)).toBe('');
  });

  it("gives getopt_long's unknown option and an option that takes no value their hints", () => {
    expect(unknownFlagHint(["./train: unrecognized option '--batch_size=32'"], ['./train'])).toContain('the program does not know --batch_size: name the label as it spells its flag');
    expect(switchHint(["./train: option '--use_bn' doesn't allow an argument"])).toContain('the program takes --use_bn as a switch, without a value: give --pass switches');
  });

  it('says a --no- form the program does not know belongs to a plain switch: --pass switches (a user audit)', () => {
    expect(unknownFlagHint(['train.py: error: unrecognized arguments: --no-use_bn'], ['python', 'train.py'])).toBe('; the program does not know --no-use_bn: its --use_bn is a plain switch without an off form: give --pass switches (false leaves it out); a program with switches of both kinds: running.md, "Switches"');
  });

  it("names the flag click 8.2 and later quote: No such option '--use_bn'", () => {
    expect(unknownFlagHint(["Error: No such option '--use_bn'. Did you mean '--use-bn'?"], ['python', 't.py'])).toContain('the program does not know --use_bn: name the label as it spells its flag');
  });

  it("gives the program's last stderr line, cut at 200 characters", () => {
    expect(lastWords(['Traceback (most recent call last):', '  File "x.py"', 'ValueError: bad', ''])).toBe(': ValueError: bad');
    expect(lastWords([])).toBe('');
    expect(lastWords(['x'.repeat(300)])).toHaveLength(2 + 200);
  });
});
