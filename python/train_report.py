"""Trains the report's network (or the fast one) in PyTorch with the report's optimiser, AdamW
lr 1e-3, and cross-entropy, then writes its state_dict as safetensors for `./mnist import`.
No augmentation (torchvision is not needed); --limit trains on the first N training images.

  python3 python/train_report.py --arch report --width 16 --limit 5000 --epochs 1 --out runs/torch-report16.safetensors
"""
import argparse
import os, sys, time, torch
import torch.nn.functional as F

import mnist_data, safetensors_torch
from fast_model import build


def train(model, x, y, epochs, batch=128, lr=1e-3, seed=42, log=True):
    torch.manual_seed(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=lr)
    model.train()
    for epoch in range(epochs):
        order, start = torch.randperm(len(x)), time.time()
        for i in range(0, len(x), batch):
            idx = order[i:i + batch]
            loss = F.cross_entropy(model(mnist_data.normalise(x[idx])), y[idx])
            opt.zero_grad(); loss.backward(); opt.step()
        if log:
            print(f"epoch {epoch + 1}: last batch loss {loss.item():.4f}, {time.time() - start:.1f} s", file=sys.stderr)
    return model.eval()


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(mnist_data.normalise(x)).argmax(1) == y).float().mean().item() * 100


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--arch", choices=["report", "fast"], default="report")
    p.add_argument("--width", type=int, default=128)
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--data", default="data/mnist")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)  # before training, not after it (runs/ is not in git)
    torch.manual_seed(a.seed)
    model = build(a.arch, a.width)
    x, y = mnist_data.load(a.data, "train")
    if a.limit: x, y = x[:a.limit], y[:a.limit]
    train(model, x, y, a.epochs, seed=a.seed)
    tx, ty = mnist_data.load(a.data, "t10k")
    print(f"PyTorch test accuracy on the first 2000 test images: {accuracy(model, tx[:2000], ty[:2000]):.2f}%")
    safetensors_torch.save_file(model.state_dict(), a.out)
    print(f"wrote {a.out}: {len(model.state_dict())} tensors; ./mnist import {a.out} --arch {a.arch} --width {a.width} --out DIR")
