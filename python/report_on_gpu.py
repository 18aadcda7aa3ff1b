"""The report's recipe run by the report's own PyTorch code on a GPU, several seeds: not part of the
product, a reference for issue #13 (docs/experiments.md, "The report's recipe in PyTorch on a GPU").

It drives the peer (../shared/peer/seed_resnet_torch.py: the report's network at width 128, AdamW
1e-3, cosine T_max 10, rotation +-10 and shift +-10%) with the data and the augmentation's random
draws on the GPU, for 10 epochs with no early stop, and writes one JSON line per epoch (test
accuracy, and validation accuracy where 5,000 digits are held out) to OUT/epochs.jsonl. Variants,
each for seeds 1..3: all 60,000 training digits at batch 128 (the report's way), 55,000 + 5,000
validation at batch 128 (this project's way), and 60,000 at batch 64 and 256 (the report's batch
comparison). BUDGET (seconds) stops it from starting another run; SKIP skips the first N runs.

  PEER=../shared/peer OUT=/tmp BUDGET=360 python3 python/report_on_gpu.py
"""
import json, math, os, sys, time

import torch, torch.nn as nn, torch.nn.functional as F

sys.path.insert(0, os.environ.get("PEER", os.path.join(os.path.dirname(__file__), "..", "..", "shared", "peer")))
import seed_resnet_torch as peer  # noqa: E402

dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.backends.cudnn.benchmark = True
epochs = int(os.environ.get("EPOCHS", "10"))
out = open(os.path.join(os.environ.get("OUT", "."), "epochs.jsonl"), "a")
images, labels = (t.to(dev) for t in peer.load("data/mnist", "train"))
test_images, test_labels = (t.to(dev) for t in peer.load("data/mnist", "test"))


def augment(x, gen):
    """peer.augment with its random draws made on the GPU."""
    n = x.shape[0]
    angle = (torch.rand(n, generator=gen, device=dev) * 20 - 10) * math.pi / 180
    shift = torch.randint(-3, 4, (n, 2), generator=gen, device=dev).float() * 2 / 28
    cos, sin = torch.cos(angle), torch.sin(angle)
    theta = torch.stack([torch.stack([cos, -sin, shift[:, 0]], 1), torch.stack([sin, cos, shift[:, 1]], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        right = sum((model(peer.normalise(x[i:i + 1000])).argmax(1) == y[i:i + 1000]).sum().item() for i in range(0, len(y), 1000))
    return 100.0 * right / len(y)


def run(split, batch, seed):
    peer.set_seed(seed)
    gen = torch.Generator(device=dev).manual_seed(seed)
    order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(seed)).to(dev)
    held = 5000 if split == "55k+val" else 0
    val_x, val_y = images[order[:held]], labels[order[:held]]
    train_x, train_y = (images[order[held:]], labels[order[held:]]) if held else (images, labels)
    model = peer.MNISTResNet(128).to(dev)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=10)
    loss_fn, start = nn.CrossEntropyLoss(), time.perf_counter()
    for epoch in range(1, epochs + 1):
        model.train()
        perm = torch.randperm(len(train_y), generator=gen, device=dev)
        for i in range(0, len(train_y), batch):
            idx = perm[i:i + batch]
            optimizer.zero_grad(set_to_none=True)
            loss_fn(model(peer.normalise(augment(train_x[idx].float(), gen))), train_y[idx]).backward()
            optimizer.step()
        schedule.step()
        row = {"split": split, "batch": batch, "seed": seed, "epoch": epoch,
               "test": accuracy(model, test_images, test_labels), "val": accuracy(model, val_x, val_y) if held else None,
               "seconds": round(time.perf_counter() - start, 2),
               "device": torch.cuda.get_device_name() if dev.type == "cuda" else "cpu", "torch": torch.__version__}
        print(json.dumps(row), flush=True)
        out.write(json.dumps(row) + "\n")
        out.flush()


plan = [(split, batch, seed) for seed in (1, 2, 3)
        for split, batch in (("60k", 128), ("55k+val", 128), ("60k", 64), ("60k", 256))]
began = time.perf_counter()
for split, batch, seed in plan[int(os.environ.get("SKIP", "0")):]:
    if time.perf_counter() - began > float(os.environ.get("BUDGET", "1e9")):
        sys.exit("budget spent: the remaining runs were not started")
    run(split, batch, seed)
