"""Makes this folder's fixture for TorchImportTest (run from anywhere, with Debian's python3-torch):

  report16.safetensors   the state_dict of the report's MNISTResNet at width 16 (python/report_model.py),
                         trained in PyTorch on 8,000 MNIST training images for one epoch (seed 15), so its
                         batch-norm statistics are not the fresh ones; floats stored as float16 to halve the
                         file (about 370 KB), num_batches_tracked as int64, written by python/safetensors_torch.py
  expected.json          PyTorch's probabilities for the first 32 MNIST test images, computed in float32
                         from the stored (float16) weights, in eval mode

`./mnist import report16.safetensors --arch report --width 16` must give the same probabilities.
"""
import json, os, sys, torch

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, "..", "..", "..", ".."))
sys.path.insert(0, os.path.join(root, "python"))
import mnist_data, safetensors_torch
from report_model import MNISTResNet
from train_report import train

torch.manual_seed(15)
model = MNISTResNet(16)
x, y = mnist_data.load(os.path.join(root, "data", "mnist"), "train")
train(model, x[:8000], y[:8000], epochs=1, seed=15)
stored = {k: v.half() if v.is_floating_point() else v for k, v in model.state_dict().items()}
safetensors_torch.save_file(stored, os.path.join(here, "report16.safetensors"))

check = MNISTResNet(16)
check.load_state_dict(safetensors_torch.load_file(os.path.join(here, "report16.safetensors")), strict=True)
check.eval()
tx, ty = mnist_data.load(os.path.join(root, "data", "mnist"), "t10k")
with torch.no_grad():
    p = torch.softmax(check(mnist_data.normalise(tx[:32])).double(), 1)
with open(os.path.join(here, "expected.json"), "w") as f:
    json.dump({"images": "the first 32 of data/mnist's t10k set", "torch": torch.__version__,
               "labels": ty[:32].tolist(), "digits": p.argmax(1).tolist(), "probabilities": p.tolist()}, f, indent=1)
print(f"{(p.argmax(1) == ty[:32]).sum().item()}/32 right; wrote report16.safetensors and expected.json")
