#!/usr/bin/env python3
"""Writes MNIST digits as PNG files, for measuring predict and the Spark job on the same images.

    scripts/mnist-pngs.py OUT_DIR N     the first N of the test set, then of the training set,
                                        then again from the start (past 70,000: the same digits
                                        under new names), as OUT_DIR/NNNNNN.png (28x28 grey)
"""
import gzip
import os
import struct
import sys
import zlib

here = os.path.dirname(os.path.abspath(__file__))
data = os.path.join(here, "..", "data", "mnist")


def images(name):
    with gzip.open(os.path.join(data, name)) as f:
        magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
        assert magic == 2051 and rows == cols == 28, name
        for _ in range(n):
            yield f.read(28 * 28)


def png(pixels):
    raw = b"".join(b"\0" + pixels[r * 28:(r + 1) * 28] for r in range(28))
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 28, 28, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    out, n = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    written = 0
    while written < n:
        for name in ("t10k-images-idx3-ubyte.gz", "train-images-idx3-ubyte.gz"):
            for pixels in images(name):
                if written == n:
                    break
                with open(os.path.join(out, "%06d.png" % written), "wb") as f:
                    f.write(png(pixels))
                written += 1
    print("wrote %d PNGs to %s" % (written, out))


main()
