#!/usr/bin/env python3
"""Summarise libtorch Chrome traces (from `./mnist bench train --profile` or scripts/profile-peer.py):
self time per operator, in ms per batch, side by side for several traces.

    python3 scripts/profile-summary.py TRACE [TRACE...] [--batches N] [--top K]
"""
import argparse, collections, json

ap = argparse.ArgumentParser()
ap.add_argument("traces", nargs="+")
ap.add_argument("--batches", type=int, default=10, help="timed batches in each trace")
ap.add_argument("--top", type=int, default=30)
args = ap.parse_args()


def self_times(path):
    with open(path) as f:
        text = f.read().rstrip().rstrip(",")
    events = json.loads(text if text.endswith("]") else text + "]")
    if isinstance(events, dict):
        events = events.get("traceEvents", [])
    by_thread = collections.defaultdict(list)
    for e in events:
        if e.get("ph") == "X" and "dur" in e:
            by_thread[e.get("tid")].append((float(e["ts"]), float(e["dur"]), e["name"]))
    own, calls, covered = collections.Counter(), collections.Counter(), 0.0
    for evs in by_thread.values():
        evs.sort(key=lambda t: (t[0], -t[1]))
        stack = []  # [end, name, child time]
        def pop():
            end, name, child, dur = stack.pop()
            own[name] += dur - child
        for ts, dur, name in evs:
            while stack and ts >= stack[-1][0] - 1e-3:
                pop()
            if stack:
                stack[-1][2] += dur
            else:
                covered += dur
            calls[name] += 1
            stack.append([ts + dur, name, 0.0, dur])
        while stack:
            pop()
    return own, calls, covered


tables = [self_times(p) for p in args.traces]
names = collections.Counter()
for own, _, _ in tables:
    names.update(own)
print("self ms/batch  " + "  ".join(f"{p[-28:]:>28}" for p in args.traces))
for name, _ in names.most_common(args.top):
    cells = [f"{own[name] / 1000 / args.batches:>16.2f} ms {calls[name] // args.batches:>5}x" for own, calls, _ in tables]
    print(f"{name[:40]:<40}" + "  ".join(f"{c:>28}" for c in cells))
print(f"{'all operators':<40}" + "  ".join(f"{sum(o.values()) / 1000 / args.batches:>25.2f} ms" for o, _, _ in tables))
print(f"{'top-level (time inside libtorch)':<40}" + "  ".join(f"{c / 1000 / args.batches:>25.2f} ms" for _, _, c in tables))
