#!/usr/bin/env python3
"""Prints llm-slo's performance figures: wall time of whole commands, median of several runs.

Run from the repository root after `cargo build --release`:

    python3 scripts/figures.py

Figures, not assertions: tests never time anything.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time

BIN = os.path.join("target", "release", "llm-slo")


def timed(args, runs=7, expect=None):
    times = []
    code = None
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run([BIN, *args], capture_output=True)
        times.append(time.perf_counter() - start)
        code = proc.returncode
    if expect is not None and code not in expect:
        sys.exit(f"{args}: exit {code}, expected {expect}:\n{proc.stderr.decode(errors='replace')}")
    return statistics.median(times), code


def big_spec(models):
    lines = ["version: 1", "service: { name: big }", "pricing:", "  models:"]
    lines += [f"    - {{ provider: self-hosted, model: m{i} }}" for i in range(models)]
    lines.append("  overrides:")
    lines += [f"    - {{ provider: self-hosted, model: m{i}, input: 1, output: 2 }}" for i in range(models)]
    lines += [
        "alerts:",
        "  latency: { above: 10s, by: [model] }",
        "  error_ratio: { above: 0.05, by: [model] }",
        "  spend: { per_hour_above: 50, by: [model] }",
    ]
    return "\n".join(lines) + "\n"


def main():
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    print(f"{'case':<58} {'median':>10}  exit")
    rows = [
        ("check on the repository spec", ["check"], {0}),
        ("validate on the repository spec", ["validate"], {0}),
    ]
    for name in sorted(os.listdir("tests/fixtures/invalid")):
        path = os.path.join("tests/fixtures/invalid", name)
        rows.append((f"validate invalid/{name}", ["validate", "--spec", path], {1, 2}))
    with tempfile.TemporaryDirectory() as tmp:
        for models in (100, 1000):
            spec = os.path.join(tmp, f"big-{models}.yaml")
            with open(spec, "w") as f:
                f.write(big_spec(models))
            out = os.path.join(tmp, f"out-{models}")
            rows.append((f"generate, {models} models (in-memory + write)", ["--spec", spec, "generate", "--out", out], {0}))
        for name, args, expect in rows:
            seconds, code = timed(args, expect=expect)
            print(f"{name:<58} {seconds * 1000:>8.1f}ms  {code}")


if __name__ == "__main__":
    main()
