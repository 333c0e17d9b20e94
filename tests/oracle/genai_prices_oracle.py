#!/usr/bin/env python3
"""The genai-prices package (PyPI) as an oracle for llm-slo's cost engine.

Writes, into the folder given:
  data.json      the package's own price data in genai-prices' data.json (v2) format,
                 serialized through the package's own schema;
  calls.jsonl    random usages across the whole catalog (seeded), as `llm-slo price --batch`
                 lines (provider, model, at, service_tier, *_tokens): USAGES_PER_MODEL calls
                 of each model at the current time (no `at`), and one call inside each
                 dated period of a model's prices;
  expected.jsonl genai-prices' `calc_price` for each line: {"total": "…"} or {"error": "…"},
                 with "group": "now" or "period".

Usage: genai_prices_oracle.py OUT_DIR [USAGES_PER_MODEL]
"""
import json
import os
import random
import sys
import warnings
from datetime import date, datetime, timedelta, timezone

try:
    import genai_prices
    from genai_prices import data, types
except ImportError:
    sys.exit("genai-prices is not installed: pip install genai-prices (the test needs it as an oracle)")

SEED = 20261127


def dump(path):
    """The bundled data as data.json v2, through the package's own pydantic schema."""
    def fallback(o):
        if isinstance(o, types.ModelPrice):
            return {k: v for k, v in o.__dict__.items() if v is not None and not k.startswith("_")}
        raise TypeError(type(o))

    def rename(o):
        # Dataclass fields `or_`/`and_` are the JSON keys `or`/`and`.
        if isinstance(o, list):
            return [rename(x) for x in o]
        if isinstance(o, dict):
            return {(k[:-1] if k in ("or_", "and_") else k): rename(v) for k, v in o.items()}
        return o

    # Pydantic warns that it serializes the match-clause unions left to right; the read-back
    # below proves the result is the same data.
    warnings.filterwarnings("ignore", category=UserWarning, module="pydantic")
    raw = types._providers_schema.dump_python(
        data.providers, mode="json", fallback=fallback, exclude_none=True, by_alias=True)
    raw = rename(raw)
    types._providers_from_raw(raw)  # it must read back
    with open(path, "w") as f:
        json.dump(raw, f)


def priced_units(model):
    prices = model.prices if isinstance(model.prices, list) else [types.ConditionalPrice(prices=model.prices)]
    units = set()
    for conditional in prices:
        for key, value in conditional.prices.__dict__.items():
            if value is not None and (key.endswith("_mtok") or key == "web_searches_kcount"):
                units.add(key[: -len("_mtok")] if key.endswith("_mtok") else "web_searches")
    return units


def usage_for(rng, units):
    big = rng.random() < 0.3
    total_in = rng.randint(0, 400_000 if big else 20_000)
    usage = {"input_tokens": total_in}
    left = total_in
    if "cache_read" in units and left:
        usage["cache_read_tokens"] = rng.randint(0, left // 2)
        left -= usage["cache_read_tokens"]
    if ("cache_write" in units or "cache_write_1h" in units) and left:
        write = rng.randint(0, left // 2)
        usage["cache_write_tokens"] = write
        left -= write
        if "cache_write_1h" in units:
            usage["cache_write_1h_tokens"] = rng.randint(0, write)
    if "input_audio" in units and left:
        audio = rng.randint(0, left)
        usage["input_audio_tokens"] = audio
        if "cache_audio_read" in units:
            usage["cache_audio_read_tokens"] = rng.randint(0, min(audio, usage.get("cache_read_tokens", 0)))
    if "input_image" in units and left:
        usage["input_image_tokens"] = rng.randint(0, left // 3)
    if "output" in units or "output_text" in units:
        out = rng.randint(0, 30_000)
        usage["output_tokens"] = out
        if rng.random() < 0.5:
            usage["output_reasoning_tokens"] = rng.randint(0, out)
    if "web_searches" in units and rng.random() < 0.3:
        usage["web_searches"] = rng.randint(0, 5)
    return usage


def call_times(rng, model, per_model):
    """When each call of a model is made: `per_model` calls now (None: the time of pricing,
    as an application prices a call it just made), and one call inside each dated period of
    its prices (and one before the first, where the first has a start date), at a random
    time of day so that time-of-day prices are drawn too."""
    times = [("now", None)] * per_model
    if not isinstance(model.prices, list):
        return times
    starts = sorted({c.constraint.start_date for c in model.prices
                     if isinstance(c.constraint, types.StartDateConstraint)})
    if not starts:
        return times
    bounds = [starts[0] - timedelta(days=60)] + starts + [max(starts[-1], date(2026, 12, 1)) + timedelta(days=60)]
    for begin, end in zip(bounds, bounds[1:]):
        day = begin + timedelta(days=rng.randrange(max((end - begin).days, 1)))
        at = datetime(day.year, day.month, day.day, tzinfo=timezone.utc) + timedelta(seconds=rng.randrange(86_400))
        times.append(("period", at))
    return times


def main():
    out = sys.argv[1]
    per_model = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    os.makedirs(out, exist_ok=True)
    dump(os.path.join(out, "data.json"))
    rng = random.Random(SEED)
    with open(os.path.join(out, "calls.jsonl"), "w") as calls, open(os.path.join(out, "expected.jsonl"), "w") as expected:
        for provider in data.providers:
            for model in provider.models:
                units = priced_units(model)
                if not units:
                    continue
                for group, at in call_times(rng, model, per_model):
                    usage = usage_for(rng, units)
                    # A service tier is a variant's condition, passed as genai-prices expects it.
                    when = None
                    tiers = [v.when for v in model.price_variants or ()
                             if len(v.when) == 1 and set(v.when) <= {"processing", "service_tier"}]
                    if tiers and rng.random() < 0.5:
                        when = rng.choice(tiers)
                    tier = next(iter(when.values())) if when else None
                    try:
                        # The model itself, not a name lookup: the oracle checks prices, and
                        # genai-prices' match rules do not always match a model's own id.
                        # Without a timestamp it prices the call now, as llm-slo does.
                        result = model.calc_price(
                            types.Usage(**usage), provider,
                            genai_request_timestamp=at, price_context=dict(when) if when else None)
                        answer = {"total": str(result.total_price)}
                    except Exception as error:  # noqa: BLE001 - any refusal is an answer
                        answer = {"error": str(error).splitlines()[0]}
                    answer["group"] = group
                    line = {"provider": provider.id, "model": model.id}
                    if at is not None:
                        line["at"] = at.strftime("%Y-%m-%dT%H:%M:%SZ")
                    if tier:
                        line["service_tier"] = tier
                    line.update(usage)
                    calls.write(json.dumps(line) + "\n")
                    expected.write(json.dumps(answer) + "\n")


if __name__ == "__main__":
    main()
