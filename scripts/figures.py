#!/usr/bin/env python3
"""Prints llm-slo's performance figures: wall time of whole commands, median of several runs.

Run from the repository root after `cargo build --release`:

    python3 scripts/figures.py [RULE-FILE-OR-FOLDER...]

Extra arguments are rule collections to compare `llm-slo validate` with
`promtool check rules` on. Figures, not assertions: tests never time anything.

    python3 scripts/figures.py --runtime [RUNS]

runs the llm-slo-otel benchmark: criterion's time to record one call through llm-slo-otel
and through the OpenTelemetry SDK directly, then RUNS times (default 3) the ratio measured
in alternating blocks of calls, which a noisy machine cannot skew.
"""

import json
import os
import shutil
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


def timed_command(command, runs=5):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(command, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times), proc.returncode


def synthetic_rules(count):
    """A rule file of `count` rules in the shapes real collections use."""
    shapes = [
        'sum by (job, instance) (rate(http_requests_total{{job="svc{i}", code=~"5.."}}[5m])) / sum by (job, instance) (rate(http_requests_total{{job="svc{i}"}}[5m])) > 0.05',
        'histogram_quantile(0.95, sum by (le, route) (rate(http_request_duration_seconds_bucket{{job="svc{i}"}}[5m]))) > 1',
        'predict_linear(node_filesystem_avail_bytes{{fstype!~"tmpfs|overlay", instance="host{i}"}}[6h], 4 * 3600) < 0',
        'avg_over_time(up{{job="svc{i}"}}[10m]) < 0.9 and on (job) count by (job) (up{{job="svc{i}"}}) > 2',
        'sum without (pod) (increase(kube_pod_container_status_restarts_total{{namespace="ns{i}"}}[1h])) > 3',
    ]
    lines = ["groups:"]
    per_group = 20
    for g in range(0, count, per_group):
        lines.append(f"  - name: group{g // per_group}")
        lines.append("    rules:")
        for i in range(g, min(g + per_group, count)):
            expr = shapes[i % len(shapes)].format(i=i)
            if i % 2:
                lines += [f"      - alert: Alert{i}", f"        expr: '{expr}'", "        for: 5m",
                          "        labels: {severity: warning}",
                          "        annotations: {summary: '{{ $labels.job }} at {{ $value | humanize }}'}"]
            else:
                lines += [f"      - record: job:rule{i}:ratio", f"        expr: '{expr}'"]
    return "\n".join(lines) + "\n"


def validate_vs_promtool(path, label):
    promtool = shutil.which("promtool")
    if promtool is None:
        print(f"{label:<58} promtool not installed")
        return
    files = [path] if os.path.isfile(path) else sorted(
        os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs if f.endswith((".yml", ".yaml")))
    ours, _ = timed_command([BIN, "validate", "--target", "prometheus-2", "--format", "json", path])
    theirs, _ = timed_command([promtool, "check", "rules", *files])
    print(f"{label:<58} llm-slo {ours * 1000:7.1f}ms  promtool {theirs * 1000:7.1f}ms  ratio {ours / theirs:.2f}")


def big_spec(models):
    lines = ["version: 1", "service: { name: big }", "pricing:", "  models:"]
    lines += [f"    - {{ provider: self-hosted, model: m{i} }}" for i in range(models)]
    lines.append("  overrides:")
    lines += [f"    - {{ provider: self-hosted, model: m{i}, prices: {{ input: 1, output: 2 }} }}" for i in range(models)]
    lines += [
        "alerts:",
        "  latency: { above: 10s, by: [model] }",
        "  error_ratio: { above: 0.05, by: [model] }",
        "  spend: { per_hour_above: 50, by: [model] }",
    ]
    return "\n".join(lines) + "\n"


def price_calls(count):
    """JSON lines for `price --batch`: shipped models, cache, reasoning, long context, batch."""
    models = [
        ("anthropic", "claude-sonnet-4-5-20250929"), ("anthropic", "claude-haiku-4-5"),
        ("anthropic", "claude-opus-4-6"), ("openai", "gpt-4o-mini"), ("openai", "o3"),
        ("openai", "gpt-4.1"), ("google", "gemini-2.5-pro"), ("gcp.gemini", "gemini-2.5-flash"),
    ]
    lines = []
    for i in range(count):
        provider, model = models[i % len(models)]
        total = 1000 + (i * 7919) % 300_000
        call = {"provider": provider, "model": model, "input_tokens": total,
                "cache_read_tokens": total // 3, "output_tokens": 50 + i % 4000,
                "reasoning_tokens": i % 50}
        if i % 5 == 0:
            call["service_tier"] = "batch"
        if i % 7 == 0:
            call["at"] = "2025-06-01"
        lines.append(json.dumps(call))
    return "\n".join(lines) + "\n"


def price_vs_genai_prices(calls, ours):
    """pydantic genai-prices' calculator on the same calls (scripts/genai_prices_batch.py),
    with the Python of the pricing test's oracle when there is one."""
    python = os.environ.get("LLM_SLO_ORACLE_PYTHON", "target/genai-prices-venv/bin/python")
    check = subprocess.run([python, "-c", "import genai_prices"], capture_output=True) \
        if os.path.exists(python) or shutil.which(python) else None
    if check is None or check.returncode != 0:
        print(f"{'  genai-prices on the same calls':<58} skipped: no Python with genai-prices "
              "(set LLM_SLO_ORACLE_PYTHON)")
        return
    theirs, code = timed_command([python, "scripts/genai_prices_batch.py", calls], runs=3)
    print(f"{'  genai-prices calc_price on the same calls':<58} {theirs * 1000:>8.1f}ms  {code}"
          f"   (llm-slo {theirs / ours:.1f}x faster)")


def criterion_median_ns(name):
    path = os.path.join("target", "criterion", name, "new", "estimates.json")
    with open(path) as f:
        return json.load(f)["median"]["point_estimate"]


def runtime_overhead(runs):
    """Criterion's medians once, then the interleaved ratio `runs` times (the robust figure)."""
    bench = ["cargo", "bench", "--quiet", "-p", "llm-slo-otel", "--bench", "record", "--"]
    first = subprocess.run(bench, check=True, capture_output=True, text=True)
    ours = criterion_median_ns("llm-slo-otel_ record one call")
    spans = criterion_median_ns("llm-slo-otel_ record one call with its span")
    sdk = criterion_median_ns("OpenTelemetry SDK_ the same instruments directly")
    print(f"criterion: record one call through llm-slo-otel   {ours:.0f} ns")
    print(f"criterion: the same, with its span                {spans:.0f} ns")
    print(f"criterion: the same instruments through the SDK   {sdk:.0f} ns  ({ours / sdk:.2f}x, {spans / sdk:.2f}x with spans)")
    for part in ("record one measured call", "usage normalisation alone", "cost alone"):
        print(f"criterion: of which {part:<29} {criterion_median_ns('llm-slo-otel_ ' + part):.0f} ns")
    lines = [l for l in first.stdout.splitlines() if l.startswith("interleaved:")]
    for _ in range(runs - 1):
        # A filter that matches no criterion benchmark: only the interleaved measurement runs.
        again = subprocess.run(bench + ["interleaved-only"], check=True, capture_output=True, text=True)
        lines += [l for l in again.stdout.splitlines() if l.startswith("interleaved:")]
    for line in lines:
        print(line)


def main():
    if sys.argv[1:2] == ["--runtime"]:
        runtime_overhead(int(sys.argv[2]) if len(sys.argv) > 2 else 3)
        return
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
        calls = os.path.join(tmp, "calls.jsonl")
        with open(calls, "w") as f:
            f.write(price_calls(100_000))
        rows.append(("price --batch, 100,000 calls (JSON out)", ["price", "--pricing", "pricing", "--batch", calls, "--format", "json"], {0}))
        for name, args, expect in rows:
            seconds, code = timed(args, expect=expect)
            print(f"{name:<58} {seconds * 1000:>8.1f}ms  {code}")
            if args[0] == "price":
                price_vs_genai_prices(calls, seconds)
        print()
        rules = os.path.join(tmp, "synthetic.rules.yml")
        with open(rules, "w") as f:
            f.write(synthetic_rules(1000))
        validate_vs_promtool(rules, "validate vs promtool check rules, 1,000 synthetic rules")
        for extra in sys.argv[1:]:
            validate_vs_promtool(extra, f"validate vs promtool check rules, {os.path.basename(extra.rstrip('/'))}")


if __name__ == "__main__":
    main()
