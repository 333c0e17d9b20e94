#!/usr/bin/env python3
"""LiteLLM (PyPI) as an oracle for llm-slo's LiteLLM import and cost engine.

Writes, into the folder given:
  litellm.json   the package's bundled model_prices_and_context_window_backup.json, as is;
  calls.jsonl    random calls across its chat models (seeded): cache reads and writes,
                 reasoning, long prompts, service tiers, any hour of the day, as
                 `llm-slo price --batch` lines
                 (provider: the entry's litellm_provider, model: its key);
  expected.jsonl litellm.cost_per_token's prompt + completion cost for each line, at the
                 call's time: {"total": "…"} or {"error": "…"}, with "group": "as-asked",
                 or "tier-ignored" where the map prices the call's service tier apart but
                 LiteLLM's cost is the standard one (its cost path for that provider does
                 not read the tier).

Usage: litellm_oracle.py OUT_DIR [CALLS]
"""
import json
import os
import random
import shutil
import sys
from datetime import datetime, timedelta, timezone

# Price from the bundled map only: never reach for the copy LiteLLM fetches at import.
os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"

try:
    import litellm
    from litellm.types.utils import CompletionTokensDetailsWrapper, Usage
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


def tier_ignored(key, entry, tier):
    """Whether LiteLLM's cost path for the entry's provider ignores a service tier that the
    map prices apart: a short prompt (below every long-context step) costs the same with
    and without the tier, though the tier's input price differs."""
    price = "input_cost_per_token"
    if f"{price}_{tier}" not in entry or entry[f"{price}_{tier}"] == entry.get(price):
        return False
    probe = {"input_tokens": 1000, "output_tokens": 0}
    cost = lambda **tier: sum(litellm.cost_per_token(
        model=key, custom_llm_provider=entry.get("litellm_provider"),
        usage_object=usage_of(probe), **tier))
    return cost(service_tier=tier) == cost()


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
    # Reasoning is part of the output (as OpenAI and OTel count it), priced at its own rate
    # where the entry has one, else at the output rate.
    if rng.random() < 0.4:
        line["reasoning_tokens"] = rng.randint(0, line["output_tokens"])
    tiers = [t for t in TIERS if f"input_cost_per_token_{t}" in entry]
    if tiers and rng.random() < 0.5:
        line["service_tier"] = rng.choice(tiers)
    at = start + timedelta(seconds=rng.randint(0, 14 * 86_400))
    line["at"] = at.strftime("%Y-%m-%dT%H:%M:%SZ")
    return line, at


def usage_of(line):
    """The usage block cost_per_token builds from its token arguments, with the reasoning
    tokens it has no argument for."""
    return Usage(
        prompt_tokens=line["input_tokens"],
        completion_tokens=line["output_tokens"],
        total_tokens=line["input_tokens"] + line["output_tokens"],
        cache_read_input_tokens=line.get("cache_read_tokens", 0),
        cache_creation_input_tokens=line.get("cache_write_tokens", 0),
        completion_tokens_details=CompletionTokensDetailsWrapper(
            reasoning_tokens=line.get("reasoning_tokens", 0)),
    )


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
                        usage_object=usage_of(line),
                        service_tier=line.get("service_tier"),
                    )
                    answer = {"total": repr(prompt_cost + completion_cost), "group": "as-asked"}
                    if line.get("service_tier") and tier_ignored(key, entry, line["service_tier"]):
                        # The map prices the tier apart, but this provider's cost path
                        # never reads the tier: LiteLLM charged the standard prices.
                        answer["group"] = "tier-ignored"
            except Exception as error:  # noqa: BLE001 - any refusal is an answer
                answer = {"error": str(error).splitlines()[0] if str(error) else type(error).__name__,
                          "group": "as-asked"}
            calls.write(json.dumps(line) + "\n")
            expected.write(json.dumps(answer) + "\n")


if __name__ == "__main__":
    main()
