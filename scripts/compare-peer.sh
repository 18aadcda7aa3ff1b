#!/usr/bin/env bash
# Training throughput of this project against the PyTorch peer, measured side by side in one session,
# alternating so that both see the same machine. Writes JSON lines to $1 (default bench-peer.jsonl).
#   [ROUNDS=3] [BATCHES=N] scripts/compare-peer.sh [OUT] [WIDTHS...]      e.g. scripts/compare-peer.sh out.jsonl 16 128
# Each round runs, after 2 warm-up batches each:
#   the peer as shipped; the peer with ./mnist's allocator settings; the peer under CPU autocast to bf16
#   (scripts/peer-bf16.py) with those settings; ./mnist bench train in fp32; ./mnist bench train --precision bf16.
# Needs the peer: apt-get install -y python3-torch python3-torchvision (used to compare, never by the product).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-bench-peer.jsonl}"; shift || true
widths=("${@:-16 128}"); widths=(${widths[@]})
peer="../shared/peer/seed_resnet_torch.py"
[[ -f "$peer" ]] || { echo "error: $peer not found" >&2; exit 1; }
# the settings ./mnist exports (see docs/history.md, section 4), read from the script itself
alloc=$(grep -o 'export MALLOC_[A-Z_]*="${MALLOC_[A-Z_]*:-[0-9]*}"' mnist | sed 's/export \(MALLOC_[A-Z_]*\)=.*:-\([0-9]*\)}"/\1=\2/' | tr '\n' ' ')
echo "allocator settings for the tuned peer: $alloc" >&2
for w in "${widths[@]}"; do
  # the report's network is ~2.4 GFLOP per image at width 128: few batches there
  if (( w >= 64 )); then n=4; else n=20; fi
  n="${BATCHES:-$n}"   # timed batches per run, after 2 warm-up batches
  for round in $(seq "${ROUNDS:-3}"); do
    /usr/bin/python3 "$peer" throughput --batches $((n + 2)) --batch-size 128 --width "$w" | tail -1 \
      | sed 's/^{/{"malloc_env": false, "precision": "fp32", /' | tee -a "$out"
    env $alloc /usr/bin/python3 "$peer" throughput --batches $((n + 2)) --batch-size 128 --width "$w" | tail -1 \
      | sed 's/^{/{"malloc_env": true, "precision": "fp32", /' | tee -a "$out"
    env $alloc /usr/bin/python3 scripts/peer-bf16.py throughput --batches $((n + 2)) --batch-size 128 --width "$w" | tail -1 \
      | sed 's/^{/{"malloc_env": true, "precision": "bf16 autocast", /' | tee -a "$out"
    ./mnist bench train --arch report --width "$w" --batch-size 128 --batches "$n" --out "$out"
    ./mnist bench train --arch report --width "$w" --batch-size 128 --batches "$n" --precision bf16 --out "$out"
  done
done
