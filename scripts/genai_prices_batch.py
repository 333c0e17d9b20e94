#!/usr/bin/env python3
"""pydantic genai-prices' calculator over the JSON lines of `llm-slo price --batch`: the
yardstick `scripts/figures.py` times `price --batch` against. Prints one total per line
(or the error), as `price --batch` answers every line.

Usage: genai_prices_batch.py CALLS.jsonl   (with a Python that has genai-prices)
"""
import json
import sys
from datetime import datetime, timezone

from genai_prices import calc_price, types

PROVIDERS = {"gcp.gemini": "google"}


def main():
    out = []
    with open(sys.argv[1]) as f:
        for line in f:
            call = json.loads(line)
            usage = types.Usage(
                input_tokens=call.get("input_tokens", 0),
                cache_read_tokens=call.get("cache_read_tokens", 0),
                output_tokens=call.get("output_tokens", 0),
            )
            at = call.get("at")
            when = datetime.fromisoformat(at).replace(tzinfo=timezone.utc) if at else None
            tier = call.get("service_tier")
            try:
                price = calc_price(
                    usage, call["model"],
                    provider_id=PROVIDERS.get(call["provider"], call["provider"]),
                    genai_request_timestamp=when,
                    price_context={"service_tier": tier} if tier else None)
                out.append(str(price.total_price))
            except Exception as error:  # noqa: BLE001 - an unpriced line is an answer
                out.append(f"error: {error}")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
