#!/usr/bin/env python3
"""A tiny training program that knows nothing of hypertune: it takes flags and prints its loss.

Fits y = w.x + b by mini-batch SGD (with momentum) or Adam; `loss` is the validation MSE.
examples/train.mjs is the same program in Node, and prints the same numbers.
"""
import argparse
import math

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--lr", type=float, default=0.01)
parser.add_argument("--momentum", type=float, default=0.0)
parser.add_argument("--optimizer", choices=["sgd", "adam"], default="sgd")
parser.add_argument("--batch_size", type=int, default=32)
parser.add_argument("--epochs", type=int, default=5)
parser.add_argument("--seed", type=int, default=0)
args = parser.parse_args()

# A 32-bit LCG, so that the Node twin draws the very same data.
state = args.seed & 0xFFFFFFFF


def uniform():
    global state
    state = (state * 1664525 + 1013904223) & 0xFFFFFFFF
    return state / 2**32


TRUE_W = [2.0, -3.0, 0.5, 1.0]
TRUE_B = 0.5


def make_data(n):
    rows = []
    for _ in range(n):
        x = [2 * uniform() - 1 for _ in TRUE_W]
        y = TRUE_B
        for xi, wi in zip(x, TRUE_W):
            y += xi * wi
        rows.append((x, y + (uniform() - 0.5) * 0.4))
    return rows


train = make_data(256)
valid = make_data(64)
params = [0.0] * 5  # w0..w3, b


def predict(x):
    total = params[4]
    for i in range(4):
        total += x[i] * params[i]
    return total


def mse(rows):
    total = 0.0
    for x, y in rows:
        total += (predict(x) - y) ** 2
    return total / len(rows)


velocity = [0.0] * 5
second_moment = [0.0] * 5
beta1_power = 1.0
beta2_power = 1.0


def step(batch):
    global beta1_power, beta2_power
    grad = [0.0] * 5
    for x, y in batch:
        error = predict(x) - y
        for i in range(4):
            grad[i] += 2 * error * x[i] / len(batch)
        grad[4] += 2 * error / len(batch)
    if args.optimizer == "sgd":
        for i in range(5):
            velocity[i] = args.momentum * velocity[i] + grad[i]
            params[i] -= args.lr * velocity[i]
    else:
        beta1_power *= args.momentum
        beta2_power *= 0.999
        for i in range(5):
            velocity[i] = args.momentum * velocity[i] + (1 - args.momentum) * grad[i]
            second_moment[i] = 0.999 * second_moment[i] + 0.001 * grad[i] * grad[i]
            m_hat = velocity[i] / (1 - beta1_power)
            v_hat = second_moment[i] / (1 - beta2_power)
            params[i] -= args.lr * m_hat / (math.sqrt(v_hat) + 1e-8)


def fmt(value):
    return f"{value:.6g}"


print(f"config: optimizer={args.optimizer} lr={args.lr} momentum={args.momentum} batch_size={args.batch_size}")
order = list(range(len(train)))
for epoch in range(1, args.epochs + 1):
    for i in range(len(order) - 1, 0, -1):
        j = math.floor(uniform() * (i + 1))
        order[i], order[j] = order[j], order[i]
    for start in range(0, len(order), args.batch_size):
        step([train[i] for i in order[start:start + args.batch_size]])
    print(f"epoch {epoch} train_loss={fmt(mse(train))} loss={fmt(mse(valid))}", flush=True)
