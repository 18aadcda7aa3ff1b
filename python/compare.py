"""Loads a safetensors state_dict into the report's class (or FastResNet) with a strict
load_state_dict and compares its probabilities on the first MNIST test images with those of
`./mnist serve` (POST /api/predict/batch, the same 28x28 images, no other preprocessing; the
logits divided by the served model's temperature, GET /api/model); the ONNX file gives raw logits;
--onnx FILE also exports the network with torch.onnx.export and checks the file with onnx.

  python3 python/compare.py runs/x.safetensors --arch report --width 16 --url http://127.0.0.1:8080 --onnx runs/x.onnx
"""
import argparse, json, os, urllib.request, torch

import mnist_data, safetensors_torch
from fast_model import build

p = argparse.ArgumentParser()
p.add_argument("weights")
p.add_argument("--arch", choices=["report", "fast"], default="report")
p.add_argument("--width", type=int, default=128)
p.add_argument("--count", type=int, default=200)
p.add_argument("--url")
p.add_argument("--onnx")
p.add_argument("--data", default="data/mnist")
a = p.parse_args()

model = build(a.arch, a.width)
print("load_state_dict(strict=True):", model.load_state_dict(safetensors_torch.load_file(a.weights), strict=True))
model.eval()
x, y = mnist_data.load(a.data, "t10k")
x, y = x[:a.count], y[:a.count]
# the served model divides its logits by the temperature in its model.json (./mnist calibrate)
temperature = 1.0
if a.url:
    temperature = json.load(urllib.request.urlopen(a.url + "/api/model")).get("temperature") or 1.0
    print(f"temperature of the served model: {temperature}")
with torch.no_grad():
    torch_p = torch.softmax(model(mnist_data.normalise(x)).double() / temperature, 1)
print(f"PyTorch: {(torch_p.argmax(1) == y).sum().item()}/{a.count} of the first test images right")
if a.url:
    answers = []
    for i in range(0, a.count, 100):  # 100 images a request: the width-128 network may need serve --deadline 60
        body = json.dumps(x[i:i + 100].reshape(-1, 784).tolist()).encode()
        req = urllib.request.Request(a.url + "/api/predict/batch", body, {"Content-Type": "application/json"})
        answers += json.load(urllib.request.urlopen(req))
    java_p = torch.tensor([r["probabilities"] for r in answers], dtype=torch.float64)
    diff = (java_p - torch_p).abs().max().item()
    print(f"./mnist serve: {(java_p.argmax(1) == y).sum().item()}/{a.count} right; same digit as PyTorch for "
          f"{(java_p.argmax(1) == torch_p.argmax(1)).sum().item()}/{a.count}; largest probability difference {diff:.2e}")
if a.onnx:
    os.makedirs(os.path.dirname(os.path.abspath(a.onnx)), exist_ok=True)
    torch.onnx.export(model, mnist_data.normalise(x[:1]), a.onnx, input_names=["image"], output_names=["logits"],
                      dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}})
    print("wrote", a.onnx)
    try:
        import onnx
        onnx.checker.check_model(onnx.load(a.onnx))
        print(f"onnx {onnx.__version__}: checker passed")
    except ImportError:
        print("onnx is not installed: the file is not checked")
    try:
        import onnxruntime
        out = onnxruntime.InferenceSession(a.onnx).run(None, {"image": mnist_data.normalise(x).numpy()})[0]
        d = (torch.softmax(torch.tensor(out).double() / temperature, 1) - torch_p).abs().max().item()
        print(f"onnxruntime: largest probability difference from PyTorch {d:.2e}")
    except ImportError:
        print("onnxruntime is not installed: the ONNX file was not run")
