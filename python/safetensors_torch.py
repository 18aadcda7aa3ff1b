"""Reads and writes safetensors files with torch alone (Debian has no python3-safetensors).
The format: 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape
and byte range, then the bytes. With the safetensors package, safetensors.torch's save_file and
load_file do the same."""
import json, struct, torch

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "F64": torch.float64, "I64": torch.int64}


def save_file(tensors, path):
    header, chunks, at = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        b = t.detach().contiguous().cpu().reshape(-1).view(torch.uint8).numpy().tobytes()
        dtype = next(k for k, v in DTYPES.items() if v == t.dtype)
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [at, at + len(b)]}
        chunks.append(b); at += len(b)
    h = json.dumps(header).encode(); h += b" " * (-len(h) % 8)  # padded as the safetensors package pads
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(chunks))


def load_file(path):
    data = open(path, "rb").read()
    n = struct.unpack("<Q", data[:8])[0]
    header, body, out = json.loads(data[8:8 + n]), data[8 + n:], {}
    for name, e in header.items():
        if name == "__metadata__": continue
        b, end = e["data_offsets"]
        t = torch.frombuffer(bytearray(body[b:end]), dtype=torch.uint8) if end > b else torch.empty(0, dtype=torch.uint8)
        out[name] = t.view(DTYPES[e["dtype"]]).reshape(e["shape"]).clone()
    return out
