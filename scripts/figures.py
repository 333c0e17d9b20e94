#!/usr/bin/env python3
"""Prints every performance and robustness figure of llm-slo in one run, each next to its
yardstick where one exists (promtool, pydantic genai-prices, the bare OpenTelemetry SDK) and
its target. Wall times are medians of several runs of the whole command.

    cargo build --release && python3 scripts/figures.py [--skip PART,...] [RULES...]

PART is one of: corpus (the public corpus in ../shared), runtime (cargo bench of the runtime
crate, about two minutes), properties (the property tests at 20,000 cases each, about a
minute), fuzz (each fuzz target for 60 s, or FIGURES_FUZZ_SECONDS; needs nightly and
cargo-fuzz). RULES are more rule
collections to compare `validate` with `promtool check rules` on. Figures, not assertions:
tests never time anything.
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

# LLM_SLO_BIN measures another build (an earlier commit's) on the same inputs.
BIN = os.environ.get("LLM_SLO_BIN", os.path.join("target", "release", "llm-slo"))
CORPUS = os.path.join("..", "shared", "corpus")
PARTS = {"corpus", "runtime", "properties", "fuzz"}


def timed(command, runs=7, expect=(0,), cwd=None):
    """Median wall time of `command` over `runs` runs; exits when its exit code is not expected."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
        times.append(time.perf_counter() - start)
        if proc.returncode not in expect:
            sys.exit(f"{' '.join(command)}: exit {proc.returncode}, expected {expect}:\n"
                     f"{proc.stderr.decode(errors='replace')}")
    return statistics.median(times)


def timed_pair(ours, theirs, rounds=15, expect=(0, 1), cwd=None):
    """Medians of `ours` and `theirs` run alternately, so both see the same machine (a busy
    moment slows both, not one): the ratio is the robust figure."""
    a, b = [], []
    for _ in range(rounds):
        a.append(timed(ours, runs=1, expect=expect, cwd=cwd))
        b.append(timed(theirs, runs=1, expect=expect, cwd=cwd))
    return statistics.median(a), statistics.median(b)


def peak_rss_kib(command):
    """The largest resident set of one run of `command`, from the kernel's accounting."""
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss


class Table:
    """Rows of figure, ours, yardstick, ratio and target, printed as they come."""

    def __init__(self):
        print(f"{'figure':<62} {'llm-slo':>10} {'yardstick':>22} {'ratio':>7}  target")

    def row(self, name, ours, yardstick=None, ratio=None, target=""):
        theirs = yardstick or ""
        ratio_text = f"{ratio:.2f}x" if ratio is not None else ""
        print(f"{name:<62} {ours:>10} {theirs:>22} {ratio_text:>7}  {target}", flush=True)

    def note(self, text):
        print(f"  {text}", flush=True)


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def rule_files(folder):
    return sorted(os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs
                  if f.endswith((".yml", ".yaml")))


def promtool_rule_count(files):
    out = subprocess.run(["promtool", "check", "rules", *files], capture_output=True, text=True)
    return sum(int(n) for n in re.findall(r"SUCCESS: (\d+) rules found", out.stdout + out.stderr))


def validate_vs_promtool(table, files, label, target):
    # As validate-corpus.py runs it: from a scratch folder, so no spec is picked up (the
    # rules are someone else's), on the promtool 2.42 dialect.
    promtool = shutil.which("promtool")
    files = [os.path.abspath(f) for f in files]
    ours = [os.path.abspath(BIN), "validate", "--quiet", "--target", "prometheus-2",
            "--format", "json", *files]
    with tempfile.TemporaryDirectory() as scratch:
        if promtool is None:
            table.row(label, ms(timed(ours, runs=5, expect=(0, 1), cwd=scratch)),
                      "promtool not installed")
            return
        ours, theirs = timed_pair(ours, [promtool, "check", "rules", *files], cwd=scratch)
    table.row(label, ms(ours), f"promtool {ms(theirs)}", ours / theirs, target)


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


def big_spec(models, slos):
    """`models` self-hosted models with prices, `slos` SLOs of every kind, alerts by model."""
    lines = ["version: 1", "service: { name: big }", "pricing:", "  models:"]
    lines += [f"    - {{ provider: self-hosted, model: m{i} }}" for i in range(models)]
    lines.append("  overrides:")
    lines += [f"    - {{ provider: self-hosted, model: m{i}, prices: {{ input: 1, output: 2 }} }}"
              for i in range(models)]
    kinds = [
        "availability: {}",
        "latency: { threshold: 10240ms }",
        "time_to_first_chunk: { threshold: 2560ms }",
    ]
    lines.append("slos:")
    for i in range(slos):
        lines += [f"  - name: slo-{i}", f"    sli: {{ {kinds[i % len(kinds)]} }}",
                  f"    objective: {99 if i % 2 else 95}", "    window: 30d",
                  f"    filter: {{ model: m{i} }}"]
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


def genai_prices_python():
    """The Python of the pricing test's oracle, when it has genai-prices."""
    python = os.environ.get("LLM_SLO_ORACLE_PYTHON", "target/genai-prices-venv/bin/python")
    if not (os.path.exists(python) or shutil.which(python)):
        return None
    check = subprocess.run([python, "-c", "import genai_prices"], capture_output=True)
    return python if check.returncode == 0 else None


def commands(table, tmp):
    # check: regenerates every output in memory and compares it with generated/; promtool
    # checks the one rule file it compares.
    promtool = shutil.which("promtool")
    rule_file = os.path.join("generated", "prometheus", "llm-slo.rules.yml")
    if promtool:
        ours, theirs = timed_pair([BIN, "check"], [promtool, "check", "rules", rule_file],
                                  expect=(0,))
        table.row("check, the repository's spec", ms(ours), f"promtool {ms(theirs)}", ours / theirs,
                  "<= 0.5x promtool check rules on its rule file")
    else:
        table.row("check, the repository's spec", ms(timed([BIN, "check"])),
                  "promtool not installed")
    table.row("validate, the repository's spec and its outputs", ms(timed([BIN, "validate", "--quiet"])))

    # generate at scale.
    spec = os.path.join(tmp, "big.yaml")
    with open(spec, "w") as f:
        f.write(big_spec(1000, 10))
    out = os.path.join(tmp, "big-out")
    command = [BIN, "--spec", spec, "generate", "--out", out]
    seconds = timed(command)
    rss = peak_rss_kib(command)
    rules = os.path.join(out, "prometheus", "llm-slo.rules.yml")
    size = os.path.getsize(rules)
    table.row("generate, 1,000 models x 10 SLOs", ms(seconds))
    count = promtool_rule_count([rules]) if promtool else None
    prices = sum(1 for line in open(rules) if "record: llm_slo:gen_ai_token_price:usd" in line)
    table.note(f"peak memory {rss / 1024:.1f} MB; rule file {size / 1024:.0f} KB"
               + (f", {count} rules" if count is not None else "") + f", {prices} of them price rules")

    # price --batch against genai-prices on the same calls.
    calls = os.path.join(tmp, "calls.jsonl")
    with open(calls, "w") as f:
        f.write(price_calls(100_000))
    ours = timed([BIN, "price", "--batch", calls, "--format", "json"])
    python = genai_prices_python()
    if python:
        theirs = timed([python, "scripts/genai_prices_batch.py", calls], runs=3)
        table.row("price --batch, 100,000 calls", ms(ours), f"genai-prices {theirs:.2f} s",
                  ours / theirs)
    else:
        table.row("price --batch, 100,000 calls", ms(ours), "genai-prices not installed")
        table.note("set LLM_SLO_ORACLE_PYTHON to a Python with genai-prices for the comparison")

    # Hostile specs: each rejected fast, with exit 1 or 2.
    worst = ("", 0.0)
    for name in sorted(os.listdir("tests/fixtures/invalid")):
        seconds = timed([BIN, "validate", "--spec", os.path.join("tests/fixtures/invalid", name)],
                        runs=3, expect=(1, 2))
        worst = max(worst, (name, seconds), key=lambda w: w[1])
    table.row(f"every invalid fixture rejected; slowest ({worst[0]})", ms(worst[1]))

    rules = os.path.join(tmp, "synthetic.rules.yml")
    with open(rules, "w") as f:
        f.write(synthetic_rules(1000))
    validate_vs_promtool(table, [rules], "validate, 1,000 synthetic rules", "")


def corpus(table):
    if not os.path.isdir(CORPUS):
        table.row("validate on the public corpus", "skipped", f"{CORPUS} not found")
        return
    files = rule_files(CORPUS)
    count = promtool_rule_count(files) if shutil.which("promtool") else 0
    validate_vs_promtool(table, files, f"validate, the corpus's {count} rules ({len(files)} files)",
                         "<= 0.1x promtool")
    every = sorted(os.path.join(d, f) for d, _, fs in os.walk(CORPUS) for f in fs
                   if f.endswith((".yml", ".yaml", ".json")))
    seconds = timed([BIN, "validate", "--quiet", "--target", "prometheus-2", "--format", "json", CORPUS],
                    runs=5, expect=(0, 1))
    table.row(f"validate, the whole corpus ({len(every)} files)", ms(seconds))
    measure = os.path.join("..", "shared", "tools", "validate-corpus.py")
    if os.path.exists(measure) and shutil.which("promtool"):
        out = subprocess.run([sys.executable, measure, BIN, CORPUS], capture_output=True, text=True)
        table.note("validate-corpus.py: " + (out.stdout.strip().splitlines() or ["no output"])[-1])


def criterion_median_ns(name):
    path = os.path.join("target", "criterion", name, "new", "estimates.json")
    with open(path) as f:
        return json.load(f)["median"]["point_estimate"]


def runtime(table, runs=2):
    """Criterion's medians once, then the interleaved ratio `runs` times (the robust figure)."""
    bench = ["cargo", "bench", "--quiet", "-p", "llm-slo-otel", "--bench", "record", "--"]
    lines = []
    for i in range(runs):
        # After the first run, a filter that matches no criterion benchmark: only the
        # interleaved measurement runs.
        args = bench if i == 0 else bench + ["interleaved-only"]
        proc = subprocess.run(args, check=True, capture_output=True, text=True)
        lines += [l for l in proc.stdout.splitlines() if l.startswith("interleaved:")]
    ours = criterion_median_ns("llm-slo-otel_ record one call")
    spans = criterion_median_ns("llm-slo-otel_ record one call with its span")
    measured = criterion_median_ns("llm-slo-otel_ record one measured call")
    sdk = criterion_median_ns("OpenTelemetry SDK_ the same instruments directly")
    table.row("runtime: record one streamed call (criterion)", f"{ours:.0f} ns", f"SDK {sdk:.0f} ns",
              ours / sdk, "<= 1.3x the bare SDK")
    table.row("runtime: the same with its span (criterion)", f"{spans:.0f} ns", f"SDK {sdk:.0f} ns",
              spans / sdk)
    table.row("runtime: a call measured by the application (criterion)", f"{measured:.0f} ns",
              f"SDK {sdk:.0f} ns", measured / sdk)
    for part in ("usage normalisation alone", "cost alone"):
        table.note(f"of which {part}: {criterion_median_ns('llm-slo-otel_ ' + part):.0f} ns")
    for line in lines:
        table.note(line)


def properties(table, cases=20000):
    env = dict(os.environ, PROPTEST_CASES=str(cases))
    start = time.perf_counter()
    proc = subprocess.run(["cargo", "test", "--release", "--quiet", "--test", "it", "properties"],
                          env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    passed = re.findall(r"test result: (\w+)\. (\d+) passed; (\d+) failed", proc.stdout)
    verdict = ", ".join(f"{p} passed, {f} failed" for _, p, f in passed) or proc.stderr[-300:]
    table.row(f"property tests, {cases:,} cases each", f"{seconds:.0f} s")
    table.note(verdict)


def fuzz(table, seconds=60):
    if subprocess.run(["cargo", "+nightly", "--version"], capture_output=True).returncode != 0:
        table.row("fuzz targets", "skipped", "no nightly toolchain")
        return
    proc = subprocess.run(["scripts/fuzz.sh", str(seconds)], capture_output=True, text=True)
    targets = re.findall(r"fuzzing (\w+) for", proc.stderr)
    runs = re.findall(r"stat::number_of_executed_units: (\d+)", proc.stderr)
    for target, count in zip(targets, runs):
        table.row(f"fuzz target {target}, {seconds} s", f"{int(count):,} runs", "", None,
                  "no crash" if proc.returncode == 0 else "CRASHED")
    if proc.returncode != 0:
        table.note(proc.stderr[-2000:])


def machine():
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    promtool = shutil.which("promtool")
    version = ""
    if promtool:
        out = subprocess.run([promtool, "--version"], capture_output=True, text=True)
        version = (out.stdout + out.stderr).splitlines()[0] if (out.stdout + out.stderr) else ""
    print(f"machine: {os.cpu_count()} cores; {rustc}; {version or 'no promtool'}")
    print()


def main():
    args = sys.argv[1:]
    skip = set()
    if args[:1] == ["--skip"]:
        skip = set(args[1].split(","))
        unknown = skip - PARTS
        if unknown:
            sys.exit(f"unknown part to skip: {', '.join(sorted(unknown))} (parts: {', '.join(sorted(PARTS))})")
        args = args[2:]
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    machine()
    table = Table()
    with tempfile.TemporaryDirectory() as tmp:
        commands(table, tmp)
    for extra in args:
        validate_vs_promtool(table, rule_files(extra) if os.path.isdir(extra) else [extra],
                             f"validate, {os.path.basename(extra.rstrip('/'))}", "")
    if "corpus" not in skip:
        corpus(table)
    if "runtime" not in skip:
        runtime(table)
    if "properties" not in skip:
        properties(table)
    if "fuzz" not in skip:
        fuzz(table, int(os.environ.get("FIGURES_FUZZ_SECONDS", "60")))


if __name__ == "__main__":
    main()
