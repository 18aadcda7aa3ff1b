#!/usr/bin/env bash
# Training throughput of this project against the PyTorch peer, measured side by side in one session,
# alternating so that both see the same machine. Writes JSON lines to $1 (default bench-peer.jsonl).
#   [ROUNDS=3] [BATCHES=N] scripts/compare-peer.sh [OUT] [WIDTHS...]      e.g. scripts/compare-peer.sh out.jsonl 16 128
# Needs the peer: apt-get install -y python3-torch python3-torchvision (used to compare, never by the product).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-bench-peer.jsonl}"; shift || true
widths=("${@:-16 128}"); widths=(${widths[@]})
peer="../shared/peer/seed_resnet_torch.py"
[[ -f "$peer" ]] || { echo "error: $peer not found" >&2; exit 1; }
for w in "${widths[@]}"; do
  # the report's network is ~2.4 GFLOP per image at width 128: few batches there
  if (( w >= 64 )); then n=4; else n=20; fi
  n="${BATCHES:-$n}"   # timed batches per run, after 2 warm-up batches
  for round in $(seq "${ROUNDS:-3}"); do
    # the peer as it is, then with the same allocator settings that ./mnist uses (see docs/results.md)
    /usr/bin/python3 "$peer" throughput --batches $((n + 2)) --batch-size 128 --width "$w" | tail -1 \
      | sed 's/^{/{"malloc_env": false, /' | tee -a "$out"
    MALLOC_MMAP_THRESHOLD_=67108864 MALLOC_TRIM_THRESHOLD_=268435456 \
      /usr/bin/python3 "$peer" throughput --batches $((n + 2)) --batch-size 128 --width "$w" | tail -1 \
      | sed 's/^{/{"malloc_env": true, /' | tee -a "$out"
    ./mnist bench train --arch report --width "$w" --batch-size 128 --batches "$n" --out "$out"
  done
done
