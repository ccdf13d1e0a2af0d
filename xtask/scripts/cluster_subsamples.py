#!/usr/bin/env python3
"""How likely the clustering targets hold on a held-out set of the benchmark's size.

Draws N random subsets of 1,121 incidents from the DEV split (the held-out part's incident
count), clusters each with the engine behind `gazette cluster` (the story crate's
`bench_cluster` example in `jsonl` mode, built in release first), scores it with the
benchmark's evaluate.py, and prints mean, spread and the share of subsets meeting each target.

    cargo build -p gazette-story --release --example bench_cluster
    python3 xtask/scripts/cluster_subsamples.py [N] [SHARED_DIR] [key=value ...]

`key=value` arguments override `ClusterConfig` fields (the example's `bench` mode, which takes
articles exactly as `jsonl` does).
"""
import gzip
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARGS = [a for a in sys.argv[1:] if "=" not in a]
OVERRIDES = [a for a in sys.argv[1:] if "=" in a]
N = int(ARGS[0]) if ARGS else 30
SHARED = Path(ARGS[1]) if len(ARGS) > 1 else ROOT.parent / "shared"
BENCH = SHARED / "bench/clustering"
ENGINE = ROOT / "target/release/examples/bench_cluster"
TARGETS = [("incidents BCubed F1", 0.95), ("incidents pairwise F1", 0.80), ("cluster_7d pairwise F1", 0.88)]

rows = [json.loads(line) for line in gzip.open(BENCH / "dev.jsonl.gz", "rt")]
incidents = sorted({r["cluster"] for r in rows})
scores = []
with tempfile.TemporaryDirectory() as tmp:
    sub, pred = Path(tmp) / "sub.jsonl.gz", Path(tmp) / "pred.jsonl"
    for seed in range(N):
        keep = set(random.Random(seed).sample(incidents, 1121))
        with gzip.open(sub, "wt") as out:
            for r in rows:
                if r["cluster"] in keep:
                    out.write(json.dumps(r) + "\n")
        mode = ["bench", sub, pred, *OVERRIDES] if OVERRIDES else ["jsonl", sub, pred]
        subprocess.run([ENGINE, *mode], capture_output=True, check=True)

        def score(*extra):
            out = subprocess.run(
                ["python3", BENCH / "evaluate.py", pred, "--truth", sub, "--json", *extra],
                capture_output=True, check=True,
            ).stdout
            return json.loads(out)

        inc, seven = score(), score("--field", "cluster_7d")
        scores.append((inc["bcubed"]["f1"], inc["pairwise"]["f1"], seven["pairwise"]["f1"]))

for i, (name, target) in enumerate(TARGETS):
    v = [s[i] for s in scores]
    print(
        f"{name}: mean {statistics.mean(v):.4f} sd {statistics.stdev(v):.4f} "
        f"min {min(v):.4f} max {max(v):.4f}; at or above {target} in {sum(x >= target for x in v)} of {N}"
    )
both = sum(all(s[i] >= t for i, (_, t) in enumerate(TARGETS)) for s in scores)
print(f"all three targets met in {both} of {N} subsets")
