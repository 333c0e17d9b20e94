#!/usr/bin/env python3
"""What the community catalogs say of the shipped catalog's models, for review.

Imports pydantic genai-prices' data.json and LiteLLM's model_prices_and_context_window.json
with `llm-slo pricing import`, then prices the same usages (100k input tokens, output
tokens or cache reads: below every long-context step; standard and batch) of every shipped
model with the shipped catalog and with each import, and prints every price per million
that differs. It never writes the catalog:
curated values (sources, dates, comments) stay as reviewed; a difference is a lead to check
against the provider's page.

Usage: scripts/catalog_drift.py [--genai-prices DATA.json] [--litellm MAP.json]
                               [--binary target/release/llm-slo]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from decimal import Decimal

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# 100,000 tokens: below every long-context step, so the totals ×10 are the base prices.
USAGES = {
    "input": {"input_tokens": 100_000},
    "output": {"output_tokens": 100_000},
    "cache_read": {"input_tokens": 100_000, "cache_read_tokens": 100_000},
}
TIERS = (None, "batch")


def shipped_models():
    """(provider, model id, retires) of every shipped model, from pricing/*.yaml."""
    models = []
    folder = os.path.join(ROOT, "pricing")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".yaml"):
            continue
        provider, current = None, None
        for line in open(os.path.join(folder, name)):
            if m := re.match(r"provider: (\S+)", line):
                provider = m.group(1)
            elif m := re.match(r"  - id: (\S+)", line):
                current = [provider, m.group(1), None]
                models.append(current)
            elif (m := re.match(r"    retires: (\S+)", line)) and current:
                current[2] = m.group(1)
    return models


def run(binary, *args, stdin=None):
    return subprocess.run([binary, *args], input=stdin, capture_output=True, text=True)


def prices(binary, catalog, lines):
    """Totals of `price --batch` for the lines, with a catalog (None: the shipped one)."""
    args = ["price", "--batch", "-", "--format", "json"]
    if catalog:
        args = ["price", "--pricing", catalog, "--batch", "-", "--format", "json"]
    out = run(binary, *args, stdin="".join(json.dumps(l) + "\n" for l in lines))
    results = [json.loads(l) for l in out.stdout.splitlines()]
    per_million = lambda total: format((Decimal(total) * 10).normalize(), "f") if total else None
    return [per_million(r.get("total_usd")) for r in results]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--genai-prices", help="genai-prices data.json")
    parser.add_argument("--litellm", help="LiteLLM model_prices_and_context_window.json")
    parser.add_argument("--binary", default=os.path.join(ROOT, "target/release/llm-slo"))
    args = parser.parse_args()
    sources = [(n, p) for n, p in (("genai-prices", args.genai_prices), ("litellm", args.litellm)) if p]
    if not sources:
        sys.exit("give --genai-prices DATA.json and/or --litellm MAP.json")
    tmp = tempfile.mkdtemp()
    catalogs = []
    for name, path in sources:
        out = os.path.join(tmp, f"{name}.yaml")
        result = run(args.binary, "pricing", "import", "--from", name, path, "--out", out)
        if result.returncode != 0:
            sys.exit(f"{name}: the import failed:\n{result.stderr}")
        catalogs.append((name, out))
    models = shipped_models()
    lines, keys = [], []
    for provider, model, retires in models:
        for unit, usage in USAGES.items():
            for tier in TIERS:
                line = {"provider": provider, "model": model, **usage}
                if tier:
                    line["service_tier"] = tier
                lines.append(line)
                keys.append((provider, model, retires, unit, tier or "standard"))
    ours = prices(args.binary, None, lines)
    theirs = {name: prices(args.binary, path, lines) for name, path in catalogs}
    differ = 0
    print(f"{len(models)} shipped models; per million tokens, where a community catalog differs:")
    for i, (provider, model, retires, unit, tier) in enumerate(keys):
        values = {name: theirs[name][i] for name, _ in catalogs}
        known = {n: v for n, v in values.items() if v is not None}
        if all(v == ours[i] for v in known.values()):
            continue
        differ += 1
        note = f" (retires {retires})" if retires else ""
        cells = ", ".join(f"{n} {v if v is not None else 'absent'}" for n, v in values.items())
        print(f"  {provider}/{model}{note} {tier} {unit}: shipped {ours[i]}; {cells}")
    print(f"{differ} prices differ (absent: the catalog does not price that model or tier)")


if __name__ == "__main__":
    main()
