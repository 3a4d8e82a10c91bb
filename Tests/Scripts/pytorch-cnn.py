#!/usr/bin/env python3
"""PyTorch's side of the CNN speed comparison in docs/performance.md (issue 19, item 4).

Trains the net of `tricks train --conv 16,32 --hidden 128 --activation relu --init he-normal
--optimizer momentum --lr 0.01 --momentum 0.9 --batch 128` on Fashion-MNIST, on one thread:
conv3x3(1->16, pad 1) relu maxpool2 conv3x3(16->32, pad 1) relu maxpool2 flatten 1568-128 relu 128-10,
cross-entropy, SGD momentum 0.9 (heavy ball, as `tricks`), He-normal weights, zero biases, features
standardized by the training set's mean and SD (as `tricks`), a fresh shuffle each epoch.

Prints one line per epoch (test accuracy, training samples/s of wall time and of process CPU time) and
the totals. Not part of the project: it needs `pip install torch numpy` in a venv of its own.

  python3 pytorch-cnn.py [--epochs 3] [--threads 1] [--seed 0] [--data DIR] [--no-eval]
"""
import argparse
import gzip
import os
import time

import numpy as np
import torch
import torch.nn as nn


def load(directory, prefix):
    with gzip.open(os.path.join(directory, f"{prefix}-images-idx3-ubyte.gz")) as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28).astype(np.float32)
    with gzip.open(os.path.join(directory, f"{prefix}-labels-idx1-ubyte.gz")) as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)
    return images, labels


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--data", default=os.environ.get("TRICKS_DATA", "/usr/share/datasets/fashion-mnist"))
    parser.add_argument("--no-eval", action="store_true", help="skip the test evaluation after each epoch")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(args.seed)

    train_x, train_y = load(args.data, "train")
    test_x, test_y = load(args.data, "t10k")
    mean, sd = train_x.mean(), train_x.std()
    train_x = torch.from_numpy((train_x - mean) / sd)
    test_x = torch.from_numpy((test_x - mean) / sd)
    train_y, test_y = torch.from_numpy(train_y), torch.from_numpy(test_y)

    model = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))
    for module in model:
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
            nn.init.zeros_(module.bias)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()

    n = train_x.shape[0]
    total_wall = total_cpu = 0.0
    for epoch in range(1, args.epochs + 1):
        wall0, cpu0 = time.perf_counter(), time.process_time()
        model.train()
        order = torch.randperm(n)
        for start in range(0, n, args.batch):
            index = order[start:start + args.batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(train_x[index]), train_y[index])
            loss.backward()
            optimizer.step()
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        total_wall += wall
        total_cpu += cpu
        line = f"epoch {epoch}  train samples/s {n / wall:.0f} (wall)  {n / cpu:.0f} (CPU)"
        if not args.no_eval:
            model.eval()
            with torch.no_grad():
                correct = sum((model(test_x[i:i + 1000]).argmax(1) == test_y[i:i + 1000]).sum().item()
                              for i in range(0, test_x.shape[0], 1000))
            line += f"  test_acc {correct / test_x.shape[0]:.4f}"
        print(line, flush=True)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s): {args.epochs * n / total_wall:.0f} "
          f"training samples/s of wall time, {args.epochs * n / total_cpu:.0f} per CPU second")


if __name__ == "__main__":
    main()
