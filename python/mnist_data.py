"""MNIST's IDX files (gzip or raw) from a folder, as uint8 tensors: images [n, 28, 28], labels [n]."""
import gzip, os, torch


def _read(path):
    for p in (path + ".gz", path):
        if os.path.exists(p):
            return (gzip.open if p.endswith(".gz") else open)(p, "rb").read()
    raise FileNotFoundError(path)


def load(folder="data/mnist", split="t10k"):
    images = _read(os.path.join(folder, split + "-images-idx3-ubyte"))
    labels = _read(os.path.join(folder, split + "-labels-idx1-ubyte"))
    x = torch.frombuffer(bytearray(images[16:]), dtype=torch.uint8).reshape(-1, 28, 28)
    y = torch.frombuffer(bytearray(labels[8:]), dtype=torch.uint8).long()
    return x, y


def normalise(x):
    """The report's transform: ToTensor() then Normalize((0.1307,), (0.3081,)); [n, 1, 28, 28]."""
    return ((x.float() / 255 - 0.1307) / 0.3081).unsqueeze(1)
