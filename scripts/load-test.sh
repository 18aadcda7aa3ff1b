#!/usr/bin/env bash
# Load test of './mnist serve' with wrk against loopback: single-image requests at 1, 8 and 64
# connections, the batch endpoint, and resident memory before and after 100,000 requests.
#   scripts/load-test.sh RUN_DIR [OUT_DIR]        (needs: apt-get install -y wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
model="${1:?usage: scripts/load-test.sh RUN_DIR [OUT_DIR]}"
out="${2:-load-test}"; mkdir -p "$out"
port=18090
command -v wrk >/dev/null || { echo "error: wrk not installed (apt-get install -y wrk)" >&2; exit 1; }

# a 280x280 PNG of MNIST test digit 0 (a 7), and a JSON batch of 256 test digits
python3 - "$out" <<'PY'
import gzip, json, struct, sys, zlib
out = sys.argv[1]
raw = gzip.open("data/mnist/t10k-images-idx3-ubyte.gz").read()[16:]
img = raw[:784]
rows = b"".join(b"\0" + bytes(255 - img[(y // 10) * 28 + x // 10] for x in range(280)) for y in range(280))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 280, 280, 8, 0, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
open(f"{out}/digit.png", "wb").write(png)
json.dump([list(raw[i * 784:(i + 1) * 784]) for i in range(256)], open(f"{out}/batch.json", "w"))
PY
cat > "$out/post.lua" <<'LUA'
local f = io.open(os.getenv("BODY"), "rb"); wrk.body = f:read("*all"); f:close()
wrk.method = "POST"; wrk.headers["Content-Type"] = os.getenv("TYPE")
LUA

env ${SERVE_ENV:-} ./mnist serve --model "$model" --port $port > "$out/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done
jpid=$(pgrep -P $pid java || echo $pid)
rss() { awk '/VmRSS/ {print $2/1024 " MiB"}' /proc/$jpid/status; }
url="http://127.0.0.1:$port/api/predict"
BODY="$out/digit.png" TYPE=image/png wrk -t1 -c8 -d5s -s "$out/post.lua" "$url" > /dev/null   # warm-up
echo "rss_before: $(rss)" | tee "$out/summary.txt"
for c in 1 8 64; do
  t=$(( c < 2 ? 1 : 2 ))
  echo "== single image, $c connections" | tee -a "$out/summary.txt"
  BODY="$out/digit.png" TYPE=image/png wrk -t$t -c$c -d15s --latency -s "$out/post.lua" "$url" | tee -a "$out/summary.txt"
done
echo "== batch of 256 images, 4 connections" | tee -a "$out/summary.txt"
BODY="$out/batch.json" TYPE=application/json wrk -t2 -c4 -d15s --latency -s "$out/post.lua" "$url/batch" | tee -a "$out/summary.txt"
echo "== soak: single images, 8 connections, 4 x 60 s (over 100,000 requests), resident memory after each" | tee -a "$out/summary.txt"
for round in 1 2 3 4; do
  BODY="$out/digit.png" TYPE=image/png wrk -t2 -c8 -d60s -s "$out/post.lua" "$url" | grep -E "requests in|Requests/sec" | tee -a "$out/summary.txt"
  echo "rss after soak round $round: $(rss)" | tee -a "$out/summary.txt"
done
kill -TERM $pid; wait $pid || true
echo "server exit after SIGTERM: $(tail -1 "$out/serve.log")" | tee -a "$out/summary.txt"
