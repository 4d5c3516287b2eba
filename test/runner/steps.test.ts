import { describe, expect, it } from 'vitest';
import { readIteration, readStep } from '../../src/runner/steps.js';

describe('the step a metric line gives itself', () => {
  it('reads epoch N and step N in the forms training scripts print', () => {
    expect(readStep('epoch 7 val_loss=0.31')).toBe(7);
    expect(readStep('Epoch 7/27 - loss: 0.4')).toBe(7);
    expect(readStep('epoch: 12, loss=0.2')).toBe(12);
    expect(readStep('step=300 loss=0.2')).toBe(300);
    expect(readStep("{'epoch': 3, 'loss': 0.2}")).toBe(3);
    expect(readStep('Epoch [3/10], Loss: 0.1234')).toBe(3);
    expect(readStep('Epoch (3/10) val_loss=0.5')).toBe(3);
    expect(readStep('Epoch [ 3 / 10 ] loss: 0.5')).toBe(3);
  });

  it("reads the iteration that opens XGBoost's and LightGBM's evaluation lines (a user audit)", () => {
    expect(readStep('[10:40:47] [12]\ttest-logloss:0.44229\ttrain-logloss:0.44451')).toBe(12);
    expect(readStep('[10:40:47] 6513x127 matrix with 143286 entries loaded from agaricus.txt.train')).toBeUndefined();
    expect(readStep('[0]\tvalidation_0-rmse:0.34120')).toBe(0);
    expect(readStep("[50]\ttraining's l2: 0.31\tvalid_1's l2: 0.25")).toBe(50);
    expect(readStep('[12] test-logloss:0.45')).toBe(12);
    expect(readStep('[INFO] loss=0.3')).toBeUndefined();
    expect(readStep('loss=0.3 [12] ')).toBeUndefined();
  });

  it("reads R's print() of a string by its own words, not by R's [1] before it", () => {
    expect(readStep('[1] "epoch 2 loss: 0.52"')).toBe(2);
    expect(readStep('[1] "loss: 0.52"')).toBeUndefined();
    expect(readStep('[1]  "step 40, loss = 0.5"')).toBe(40);
  });

  it('reads a JSON line by its top-level step, else epoch key', () => {
    expect(readStep('{"epoch": 4, "val_loss": 0.3}')).toBe(4);
    expect(readStep('{"step": 1200, "epoch": 4, "loss": 0.3}')).toBe(1200);
    expect(readStep('{"loss": 0.3, "meta": {"epoch": 4}}')).toBeUndefined();
  });

  it("puts a fraction of an epoch in the epoch it is in, as Hugging Face logs its loss within epochs (found by a user audit)", () => {
    expect(readStep('epoch 2.5 loss=0.3')).toBe(3);
    expect(readStep("{'loss': 0.9, 'grad_norm': 1.2, 'learning_rate': 4e-05, 'epoch': 0.4}")).toBe(1);
    expect(readStep('{"loss": 0.9, "epoch": 1.0}')).toBe(1);
    expect(readStep('{"loss": 0.9, "epoch": 1.2}')).toBe(2);
    expect(readStep('{"loss": 0.9, "step": 1.5}')).toBeUndefined();
    // transformers 4.47 and later print the floats as strings
    expect(readStep("{'loss': '0.9', 'grad_norm': '1.2', 'learning_rate': '4e-05', 'epoch': '0.4'}")).toBe(1);
    expect(readStep("{'eval_loss': '0.41', 'epoch': '2'}")).toBe(2);
  });

  it('gives none for words that only look alike (then the value is numbered in order)', () => {
    expect(readStep('loss=0.3')).toBeUndefined();
    expect(readStep('global_step=1200 loss=0.3')).toBeUndefined();
    expect(readStep('steps 5 loss=0.3')).toBeUndefined();
    expect(readStep('--epoch 5 loss=0.3')).toBeUndefined();
    expect(readStep('step 2.5 loss=0.3')).toBeUndefined();
    expect(readStep('epoch [lr=0.1] loss=0.3')).toBeUndefined();
  });

  it("reads Caffe's and scikit-learn's `Iteration N` and `iter N` as an iteration, not as an epoch or step (a user audit)", () => {
    expect(readIteration('I0901 13:35:21.221305 20072 solver.cpp:218] Iteration 500 (123.186 iter/s, 0.811779s/100 iters), loss = 0.0934417')).toBe(500);
    expect(readIteration('I0901 13:35:20.426187 20072 solver.cpp:330] Iteration 500, Testing net (#0)')).toBe(500);
    expect(readIteration('Iteration 12, loss = 0.41234')).toBe(12);
    expect(readIteration('iter 5 loss=0.3')).toBe(5);
    expect(readIteration('[iter 50/390] loss: 0.3')).toBe(50);
    expect(readIteration('{"iteration": 40, "loss": 0.3}')).toBe(40);
    expect(readIteration('{"iter": 40, "loss": 0.3}')).toBe(40);
    for (const line of ['max_iter=100 loss=0.3', 'n_iter: 5 loss=0.3', '2 iters done, loss=0.3', '(8.1 iter/s) loss=0.3', 'Best iteration is:', 'iter 2.5 loss=0.3', '{"meta": {"iteration": 4}, "loss": 0.3}']) {
      expect(readIteration(line), line).toBeUndefined();
    }
    expect(readStep('Iteration 500, loss = 0.3')).toBeUndefined();
  });
});
