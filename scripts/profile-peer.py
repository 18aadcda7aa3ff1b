#!/usr/bin/env python3
"""Per-operator profile of the PyTorch peer's training step, for comparison with
`./mnist bench train --arch report --profile FILE` (a development tool, not part of the product).

    /usr/bin/python3 scripts/profile-peer.py --width 16 --batches 10 --out /tmp/peer16.json
    python3 scripts/profile-summary.py /tmp/peer16.json /tmp/djl16.json
"""
import argparse, os, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "peer"))
import seed_resnet_torch as peer  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--width", type=int, default=16)
ap.add_argument("--batch-size", type=int, default=128)
ap.add_argument("--batches", type=int, default=10)
ap.add_argument("--out", required=True)
args = ap.parse_args()
torch.set_num_threads(len(os.sched_getaffinity(0)))
peer.set_seed(42)
gen = torch.Generator().manual_seed(42)
images, labels = peer.load(peer.DEFAULT_DATA, "train")
model = peer.MNISTResNet(args.width)
opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
model.train()


def step(b):
    idx = torch.arange(b * args.batch_size, (b + 1) * args.batch_size)
    opt.zero_grad()
    loss = loss_fn(model(peer.normalise(peer.augment(images[idx].float(), gen))), labels[idx])
    loss.backward()
    opt.step()


for b in range(2):
    step(b)
start = time.perf_counter()
with torch.autograd.profiler.profile(record_shapes=True) as prof:
    for b in range(2, 2 + args.batches):
        step(b)
seconds = time.perf_counter() - start
prof.export_chrome_trace(args.out)
print(f"{args.batches * args.batch_size / seconds:.1f} images/s under the profiler; trace in {args.out}")
