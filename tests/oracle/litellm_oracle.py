#!/usr/bin/env python3
"""LiteLLM (PyPI) as an oracle for llm-slo's LiteLLM import and cost engine.

Writes, into the folder given:
  litellm.json   the package's bundled model_prices_and_context_window_backup.json, as is;
  calls.jsonl    random calls across its chat models (seeded): cache reads and writes, long
                 prompts, service tiers, any hour of the day, as `llm-slo price --batch` lines
                 (provider: the entry's litellm_provider, model: its key);
  expected.jsonl litellm.cost_per_token's prompt + completion cost for each line, at the
                 call's time: {"total": "…"} or {"error": "…"}.

Usage: litellm_oracle.py OUT_DIR [CALLS]
"""
import json
import os
import random
import shutil
import sys
from datetime import datetime, timedelta, timezone

try:
    import litellm
    from litellm._internal_context import pinned_billing_time
except ImportError:
    sys.exit("litellm is not installed: pip install litellm (the test needs it as an oracle)")

SEED = 20261203
TIERS = ("flex", "priority")


def chat_models(prices):
    """Chat entries with per-token input and output prices (or tiered ones)."""
    out = []
    for key, entry in sorted(prices.items()):
        if key == "sample_spec" or not isinstance(entry, dict) or entry.get("mode") != "chat":
            continue
        flat = "input_cost_per_token" in entry and "output_cost_per_token" in entry
        if flat or entry.get("tiered_pricing"):
            out.append((key, entry))
    return out


def call_for(rng, key, entry, start):
    big = rng.random() < 0.3
    prompt = rng.randint(1, 400_000 if big else 20_000)
    line = {"provider": entry.get("litellm_provider", ""), "model": key, "input_tokens": prompt}
    left = prompt
    if "cache_read_input_token_cost" in entry and rng.random() < 0.6:
        line["cache_read_tokens"] = rng.randint(0, left // 2)
        left -= line["cache_read_tokens"]
    if "cache_creation_input_token_cost" in entry and rng.random() < 0.4:
        line["cache_write_tokens"] = rng.randint(0, left // 2)
    line["output_tokens"] = rng.randint(0, 20_000)
    tiers = [t for t in TIERS if f"input_cost_per_token_{t}" in entry]
    if tiers and rng.random() < 0.5:
        line["service_tier"] = rng.choice(tiers)
    at = start + timedelta(seconds=rng.randint(0, 14 * 86_400))
    line["at"] = at.strftime("%Y-%m-%dT%H:%M:%SZ")
    return line, at


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    os.makedirs(out, exist_ok=True)
    bundled = os.path.join(os.path.dirname(litellm.__file__), "model_prices_and_context_window_backup.json")
    shutil.copyfile(bundled, os.path.join(out, "litellm.json"))
    with open(bundled) as f:
        prices = json.load(f)
    # Price from the bundled map, never a copy fetched at import time.
    litellm.model_cost = prices
    models = chat_models(prices)
    rng = random.Random(SEED)
    start = datetime(2026, 11, 23, tzinfo=timezone.utc)
    with open(os.path.join(out, "calls.jsonl"), "w") as calls, open(os.path.join(out, "expected.jsonl"), "w") as expected:
        for _ in range(count):
            key, entry = rng.choice(models)
            line, at = call_for(rng, key, entry, start)
            try:
                with pinned_billing_time(at):
                    prompt_cost, completion_cost = litellm.cost_per_token(
                        model=key,
                        custom_llm_provider=entry.get("litellm_provider"),
                        prompt_tokens=line["input_tokens"],
                        completion_tokens=line["output_tokens"],
                        cache_read_input_tokens=line.get("cache_read_tokens", 0),
                        cache_creation_input_tokens=line.get("cache_write_tokens", 0),
                        service_tier=line.get("service_tier"),
                    )
                answer = {"total": repr(prompt_cost + completion_cost)}
            except Exception as error:  # noqa: BLE001 - any refusal is an answer
                answer = {"error": str(error).splitlines()[0] if str(error) else type(error).__name__}
            calls.write(json.dumps(line) + "\n")
            expected.write(json.dumps(answer) + "\n")


if __name__ == "__main__":
    main()
