#!/usr/bin/env python3
"""Refreshes the shipped catalog from the community catalogs, for review.

Imports pydantic genai-prices' data.json and LiteLLM's model_prices_and_context_window.json
with `llm-slo pricing import`, then:

1. The makers' catalogs (pricing/anthropic.yaml, openai.yaml, gcp.gemini.yaml): prices
   probe usages (input, output, cache reads and writes, reasoning, a long prompt; standard
   and batch) of every shipped model with the shipped catalog and with each import, and
   prints every price per million that differs. A model whose `source` is a community
   catalog (its prices were never read on the provider's page) is not curated: with
   --write, the flat prices of its `prices:` line that its source catalog now lists
   differently are updated there, with `checked:`. Curated models are never written: a
   difference is a lead to check against the provider's page.
2. The cloud resellers (pricing/aws.bedrock.yaml, gcp.vertex_ai.yaml, azure.ai.openai.yaml):
   every LiteLLM entry of Bedrock, Vertex AI or Azure OpenAI that is one of the shipped
   models, grouped by endpoint. Where each of its prices is the maker's times one factor
   (a regional endpoint's 1.1, GovCloud's 1.2), the entry is `same_as` the maker's model
   with that `markup`; otherwise it keeps LiteLLM's own prices. Entries whose `source` is
   not LiteLLM's map are curated and kept as they are. With --write the files are
   rewritten; without, the changes are printed as a diff.

Without --write nothing is written. Review the result with `git diff`, then run
`cargo test --test it catalog`.

Usage: scripts/catalog_refresh.py --genai-prices DATA.json --litellm MAP.json
                                  [--binary target/release/llm-slo] [--write]
Needs PyYAML (Debian: python3-yaml).
"""
import argparse
import datetime
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from decimal import Decimal

try:
    import yaml
except ImportError:
    sys.exit("this script needs PyYAML (Debian: apt-get install python3-yaml)")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAKERS = ("anthropic", "openai", "gcp.gemini")
# The makers' own routes in LiteLLM's map (not a reseller's or a gateway's).
MAKER_ROUTES = ("anthropic", "openai", "text-completion-openai", "gemini")
SOURCES = {
    "genai-prices": "https://github.com/pydantic/genai-prices",
    "litellm": "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json",
}
# One probe per price: its usage, and the unit whose flat price it reads. 100,000 tokens
# are below every long-context step; 400,000 above each.
PROBES = {
    "input": ({"input_tokens": 100_000}, "input"),
    "output": ({"output_tokens": 100_000}, "output"),
    "cache_read": ({"input_tokens": 100_000, "cache_read_tokens": 100_000}, "cache_read"),
    "cache_write": ({"input_tokens": 100_000, "cache_write_tokens": 100_000}, "cache_write"),
    "reasoning": ({"output_tokens": 100_000, "reasoning_tokens": 100_000}, "output_reasoning"),
    "long_input": ({"input_tokens": 400_000}, None),
}
TIERS = (None, "batch")

# The resellers, by LiteLLM provider: the catalog they go to and its header.
RESELLERS = {
    "aws.bedrock": {
        "litellm": ("bedrock", "bedrock_converse", "bedrock_mantle"),
        "title": "Amazon Bedrock",
        "page": "https://aws.amazon.com/bedrock/pricing/",
        "about": (
            "Claude and GPT models on Amazon Bedrock. Model ids are Bedrock's: `anthropic.<model>`\n"
            "(in-region), `global.` (global cross-region inference, the maker's price), and the\n"
            "geographic cross-region profiles `us.`, `eu.`, `apac.`, `au.`, `jp.` (10% more for\n"
            "newer models); AWS GovCloud (`us-gov.`) costs 20% more. LiteLLM's routing prefixes\n"
            "(`bedrock/`, `bedrock/<region>/`, `bedrock_mantle/`) are kept as aliases."
        ),
    },
    "gcp.vertex_ai": {
        "litellm": ("vertex_ai", "vertex_ai-language-models", "vertex_ai-anthropic_models",
                    "vertex_ai-openai_models"),
        "title": "Google Cloud Vertex AI",
        "page": "https://cloud.google.com/vertex-ai/generative-ai/pricing",
        "about": (
            "Gemini and Claude models on Vertex AI, by the model ids Vertex takes (`<model>`,\n"
            "`<model>@<version>`); LiteLLM's `vertex_ai/` prefix is kept as an alias."
        ),
    },
    "azure.ai.openai": {
        "litellm": ("azure",),
        "title": "Azure OpenAI",
        "page": "https://azure.microsoft.com/pricing/details/cognitive-services/openai-service/",
        "about": (
            "OpenAI models on Azure OpenAI, by model name (a deployment's model, as the response\n"
            "reports it): Global deployments at OpenAI's price; Data Zone and regional\n"
            "deployments (`eu/`, `us/`, `apac/` in LiteLLM's names) cost more."
        ),
    },
}


def show(price):
    return "absent" if price is None else format(price, "f")


def run(binary, *args, stdin=None):
    return subprocess.run([binary, *args], input=stdin, capture_output=True, text=True)


def per_million(binary, catalog, lines):
    """The total of each line per million of its largest count, as a Decimal (None: not
    priced), from `price --batch` with a catalog (None: the shipped one)."""
    args = ["price", "--batch", "-", "--format", "json"]
    if catalog:
        args[1:1] = ["--pricing", catalog]
    out = run(binary, *args, stdin="".join(json.dumps(l) + "\n" for l in lines))
    results = [json.loads(l) for l in out.stdout.splitlines()]
    if len(results) != len(lines):
        sys.exit(f"price --batch answered {len(results)} of {len(lines)} lines:\n{out.stderr}")
    totals = []
    for line, result in zip(lines, results):
        total = result.get("total_usd")
        scale = Decimal(1_000_000) / max(v for k, v in line.items() if k.endswith("_tokens"))
        totals.append((Decimal(total) * scale).normalize() if total is not None else None)
    return totals


def probe_lines(provider, model):
    lines = []
    for name, (usage, _) in PROBES.items():
        for tier in TIERS:
            line = {"provider": provider, "model": model, **usage}
            if tier:
                line["service_tier"] = tier
            lines.append(((name, tier), line))
    return lines


def load(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d]


def import_catalogs(binary, genai_prices, litellm, tmp):
    catalogs = {}
    for name, path in (("genai-prices", genai_prices), ("litellm", litellm)):
        if not path:
            continue
        out = os.path.join(tmp, f"{name}.yaml")
        result = run(binary, "pricing", "import", "--from", name, path, "--out", out)
        if result.returncode != 0:
            sys.exit(f"{name}: the import failed:\n{result.stderr}")
        catalogs[name] = out
    return catalogs


# --- 1. The makers' catalogs -------------------------------------------------------------

def maker_models():
    """(provider, model entry) of every model of the makers' shipped catalogs."""
    out = []
    for provider in MAKERS:
        for doc in load(os.path.join(ROOT, "pricing", f"{provider}.yaml")):
            out.extend((doc["provider"], m) for m in doc["models"])
    return out


def curated_by(model):
    """The community catalog a model's prices come from, or None when curated."""
    return next((name for name, url in SOURCES.items() if model["source"] == url), None)


def retired_in_sources(genai_prices, litellm):
    """Model names a community catalog marks as retired: genai-prices' `deprecated`, or a
    LiteLLM `deprecation_date` that has passed."""
    retired = {}
    today = datetime.date.today().isoformat()
    if genai_prices:
        with open(genai_prices) as f:
            for provider in json.load(f):
                for model in provider.get("models", []):
                    if model.get("deprecated"):
                        retired[model["id"]] = "deprecated in genai-prices"
    if litellm:
        with open(litellm) as f:
            for key, entry in json.load(f).items():
                if not isinstance(entry, dict) or entry.get("litellm_provider") not in MAKER_ROUTES:
                    continue
                date = entry.get("deprecation_date")
                if date and date <= today:
                    retired.setdefault(key.split("/")[-1], f"retired {date} in LiteLLM")
    return retired


def new_models(catalogs):
    """Models of the makers that a community catalog prices and the shipped catalog lacks
    (by id, alias or dated snapshot): leads for new entries."""
    shipped = set()
    for _, model in maker_models():
        shipped.update([model["id"], *model.get("aliases", [])])
    undated = lambda name: re.sub(r"-(\d{8}|\d{4}-\d{2}-\d{2})$", "", name)
    found = defaultdict(set)
    for source, path in catalogs.items():
        for doc in load(path):
            if doc["provider"] not in MAKERS:
                continue
            for model in doc["models"]:
                names = [model["id"], *model.get("aliases", [])]
                if not any(n in shipped or undated(n) in shipped for n in names):
                    found[(doc["provider"], model["id"])].add(source)
    return found


def refresh_makers(binary, catalogs, retired, write, today):
    missing = new_models(catalogs)
    current = {k: v for k, v in missing.items() if k[1] not in retired}
    print(f"{len(current)} models of the makers that a community catalog prices and the shipped "
          f"catalog does not, and neither marks retired ({len(missing) - len(current)} more are), "
          "for review (not written: add the current text models by hand):")
    for (provider, model), sources in sorted(current.items()):
        print(f"  {provider}/{model} ({', '.join(sorted(sources))})")
    models = maker_models()
    keys, lines = [], []
    for provider, model in models:
        for key, line in probe_lines(provider, model["id"]):
            keys.append((provider, model, key))
            lines.append(line)
    ours = per_million(binary, None, lines)
    theirs = {name: per_million(binary, path, lines) for name, path in catalogs.items()}
    differ = 0
    updates = defaultdict(dict)
    print(f"{len(models)} models of the makers' catalogs; per million tokens, where a community catalog differs:")
    for i, (provider, model, (probe, tier)) in enumerate(keys):
        values = {name: theirs[name][i] for name in catalogs}
        known = {n: v for n, v in values.items() if v is not None}
        if all(v == ours[i] for v in known.values()):
            continue
        differ += 1
        source = curated_by(model)
        note = f" (retires {model['retires']})" if model.get("retires") else ""
        note += f" [from {source}]" if source else ""
        cells = ", ".join(f"{n} {show(v)}" for n, v in values.items())
        print(f"  {provider}/{model['id']}{note} {tier or 'standard'} {probe}: shipped {show(ours[i])}; {cells}")
        unit = PROBES[probe][1]
        # Every token of a probe is of its unit (a million cached tokens of a million
        # input), so its total per million is that unit's price.
        if source and tier is None and unit and known.get(source) is not None and "prices" in model:
            updates[(provider, model["id"])][unit] = known[source]
    print(f"{differ} prices differ (absent: the catalog does not price that model or tier)")
    if write:
        for provider in MAKERS:
            path = os.path.join(ROOT, "pricing", f"{provider}.yaml")
            text = open(path).read()
            new = apply_updates(text, {m: u for (p, m), u in updates.items() if p == provider}, today)
            if new != text:
                open(path, "w").write(new)
                print(f"wrote {os.path.relpath(path, ROOT)}")
    elif updates:
        print(f"{len(updates)} models sourced from a community catalog would be updated (--write)")


def apply_updates(text, updates, today):
    """Rewrites the flat `prices:` line of each updated model, and its `checked:`."""
    lines = text.splitlines(keepends=True)
    current = None
    for i, line in enumerate(lines):
        if m := re.match(r"  - id: (\S+)", line):
            current = m.group(1)
        elif current in updates and (m := re.match(r"(    prices: \{ )(.*)( \}\n)", line)):
            items = [kv.split(": ", 1) for kv in m.group(2).split(", ")]
            items = [(k, format(updates[current][k], "f") if k in updates[current] else v)
                     for k, v in items]
            lines[i] = m.group(1) + ", ".join(f"{k}: {v}" for k, v in items) + m.group(3)
        elif current in updates and re.match(r"    checked: ", line):
            lines[i] = f"    checked: {today}\n"
    return "".join(lines)


# --- 2. The resellers ----------------------------------------------------------------------

def base_name(key):
    """(the maker's model name, endpoint) of a reseller's LiteLLM key:
    `bedrock/us-gov-east-1/anthropic.claude-x-20250929-v1:0` → (`claude-x-20250929`, `us-gov`)."""
    name = re.sub(r"^(bedrock_mantle|bedrock_converse|bedrock|vertex_ai|azure)/", "", key)
    endpoint = "global"
    if m := re.match(r"^(us-gov-(?:east|west)-1|[a-z]{2}-[a-z]+-\d)/", name):
        endpoint = "us-gov" if m.group(1).startswith("us-gov") else "regional"
        name = name[m.end():]
    elif m := re.match(r"^(claude_platform|eu|us|global|apac|au|jp|ca)/", name):
        endpoint = {"claude_platform": "global"}.get(m.group(1), m.group(1))
        name = name[m.end():]
    if m := re.match(r"^(global|us|eu|apac|au|jp|us-gov|ca)\.", name):
        endpoint = m.group(1)
        name = name[m.end():]
    name = re.sub(r"^(anthropic|openai|google)\.", "", name)
    name = re.sub(r"@.*$", "", name)
    name = re.sub(r"-v\d+(:\d+)?$", "", name)
    return name, endpoint


def maker_of(name, makers):
    """The shipped maker model a name is (id, alias, or a dated snapshot of either)."""
    for candidate in (name, re.sub(r"-\d{8}$", "", name), re.sub(r"-\d{4}-\d{2}-\d{2}$", "", name)):
        if candidate in makers:
            return makers[candidate]
    return None


def reseller_entries(litellm_map, imported):
    """Per reseller: the LiteLLM keys of shipped models, with their maker model."""
    makers = {}
    for provider, model in maker_models():
        for name in [model["id"], *model.get("aliases", [])]:
            makers.setdefault(name, (provider, model["id"]))
    priced = {}
    for doc in imported:
        for model in doc["models"]:
            for name in [model["id"], *model.get("aliases", [])]:
                priced[(doc["provider"], name)] = model
    out = defaultdict(list)
    for key, entry in litellm_map.items():
        if not isinstance(entry, dict) or entry.get("mode") not in ("chat", "responses"):
            continue
        litellm_provider = entry.get("litellm_provider", "")
        reseller = next((r for r, spec in RESELLERS.items() if litellm_provider in spec["litellm"]), None)
        if reseller is None:
            continue
        name, endpoint = base_name(key)
        maker = maker_of(name, makers)
        if maker is None or (reseller, key) not in priced:
            continue
        out[reseller].append({"key": key, "litellm_provider": litellm_provider,
                              "maker": maker, "endpoint": endpoint,
                              "imported": priced[(reseller, key)]})
    return out


def markup(binary, litellm_catalog, entries):
    """The factor on the maker's prices of each entry, or None where no one factor fits.
    The factor is the standard input price's; every other price the entry has must be the
    maker's times it, within half a percent (LiteLLM rounds some prices: 1.88 for 1.875)."""
    lines, index = [], []
    for i, e in enumerate(entries):
        for key, line in probe_lines(e["litellm_provider"], e["key"]):
            maker_line = dict(line, provider=e["maker"][0], model=e["maker"][1])
            index.append((i, key))
            lines.append((line, maker_line))
    theirs = per_million(binary, litellm_catalog, [l for l, _ in lines])
    ours = per_million(binary, None, [m for _, m in lines])
    ratios = defaultdict(dict)
    for (i, key), reseller, maker in zip(index, theirs, ours):
        if reseller is not None:
            ratios[i][key] = reseller / maker if maker else None
    factors = []
    for i in range(len(entries)):
        base = ratios[i].get(("input", None))
        fits = base is not None and all(
            r is not None and abs(r / base - 1) <= Decimal("0.005") for r in ratios[i].values())
        factors.append(base.quantize(Decimal("0.001")).normalize() if fits else None)
    return factors


def flow(prices):
    return "{ " + ", ".join(f"{k}: {format(Decimal(str(v)).normalize(), 'f')}"
                            for k, v in sorted(prices.items())) + " }"


def maker_units(maker):
    """The units a maker's model prices (in any period)."""
    provider, model_id = maker
    for p, model in maker_models():
        if (p, model["id"]) == maker:
            sets = [model] + model.get("periods", [])
            return {u for s in sets for u in (s.get("prices") or {})}
    return set()


def explicit_block(model, units):
    """The imported model's prices, in the shipped catalogs' style, for the units its maker
    prices: a unit the maker does not charge is a slip in the map (LiteLLM lists a cache
    write price for Azure's gpt-4o, which OpenAI does not charge)."""
    out = []
    keep = lambda prices: {k: v for k, v in prices.items() if k in units}
    # A long-context step cheaper than its base is a slip too (LiteLLM lists Vertex's
    # Gemini 2.5 Flash audio input at 0.3 above 200k, 1 below).
    steps = lambda base, tiers: [
        dict(t, prices={k: v for k, v in keep(t["prices"]).items()
                        if k in base and Decimal(str(v)) >= Decimal(str(base[k]))})
        for t in tiers]
    nonempty = lambda tiers: [t for t in tiers if t["prices"]]
    model = dict(model)
    if "prices" in model:
        model["prices"] = keep(model["prices"])
    model["tiers"] = nonempty(steps(model.get("prices", {}), model.get("tiers", [])))
    model["service_tiers"] = {
        name: dict(spec, prices=keep(spec["prices"]),
                   tiers=nonempty(steps(keep(spec["prices"]), spec.get("tiers", []))))
        for name, spec in (model.get("service_tiers") or {}).items()}
    if "prices" in model:
        out.append(f"    prices: {flow(model['prices'])}")
    for step in model.get("tiers", []):
        out.append("    tiers:") if not any(l == "    tiers:" for l in out) else None
        out.append(f"      - above_input_tokens: {step['above_input_tokens']}")
        out.append(f"        prices: {flow(step['prices'])}")
    if model.get("service_tiers"):
        out.append("    service_tiers:")
        for tier, spec in sorted(model["service_tiers"].items()):
            out.append(f"      {tier}:")
            out.append(f"        prices: {flow(spec['prices'])}")
            for j, step in enumerate(spec.get("tiers", [])):
                if j == 0:
                    out.append("        tiers:")
                out.append(f"          - above_input_tokens: {step['above_input_tokens']}")
                out.append(f"            prices: {flow(step['prices'])}")
    if model.get("daily") or model.get("periods"):
        return None
    return out


def reseller_catalog(reseller, groups, curated, today):
    spec = RESELLERS[reseller]
    lines = [
        "# yaml-language-server: $schema=../generated/pricing/catalog.schema.json",
        "#",
        f"# {spec['title']}: the shipped models of Anthropic, OpenAI and Google that LiteLLM's map",
        "# lists on it, in USD per million tokens.",
        "#",
    ]
    lines += ["# " + l for l in spec["about"].splitlines()]
    lines += [
        "#",
        "# Written by scripts/catalog_refresh.py from LiteLLM's map: an entry whose every price is",
        "# the maker's times one factor is `same_as` the maker's model with that `markup` (it",
        "# follows the maker's price changes, tiers and dates); one that is not keeps LiteLLM's",
        f"# prices. The provider's own page: {spec['page']}",
        "# An entry with another `source` is curated: the script keeps it as it is.",
        f"provider: {reseller}",
        f"aliases: [{', '.join(spec['litellm'])}]",
        "models:",
    ]
    for block in curated:
        lines.append(block.rstrip("\n"))
    for g in groups:
        lines.append(f"  - id: {g['id']}")
        if g["aliases"]:
            lines.append("    aliases:")
            lines += [f"      - {json.dumps(a) if needs_quotes(a) else a}" for a in g["aliases"]]
        if g["markup"] is not None:
            maker = g["maker"]
            factor = "" if g["markup"] == 1 else f", markup: {format(g['markup'], 'f')}"
            lines.append(f"    same_as: {{ provider: {maker[0]}, model: {maker[1]}{factor} }}")
        else:
            lines += g["explicit"]
        lines.append(f"    source: {SOURCES['litellm']}")
        lines.append(f"    checked: {today}")
    return "\n".join(lines) + "\n"


def needs_quotes(name):
    return bool(re.search(r"[:@#{}\[\],&*!|>'\"%]", name)) or name != name.strip()


def curated_blocks(path):
    """The model blocks of an existing reseller catalog whose source is not LiteLLM's map."""
    if not os.path.exists(path):
        return [], set()
    text = open(path).read()
    blocks = re.split(r"(?m)^(?=  - id: )", text.split("\nmodels:\n", 1)[-1])
    kept, names = [], set()
    for block in blocks:
        if block.startswith("  - id: ") and f"source: {SOURCES['litellm']}" not in block:
            kept.append(block)
            doc = yaml.safe_load("models:\n" + block)["models"][0]
            names.update([doc["id"], *doc.get("aliases", [])])
    return kept, names


def refresh_resellers(binary, litellm_path, litellm_catalog, write, today):
    with open(litellm_path) as f:
        litellm_map = json.load(f)
    imported = load(litellm_catalog)
    found = reseller_entries(litellm_map, imported)
    for reseller in RESELLERS:
        entries = found.get(reseller, [])
        factors = markup(binary, litellm_catalog, entries) if entries else []
        path = os.path.join(ROOT, "pricing", f"{reseller}.yaml")
        curated, taken = curated_blocks(path)
        # One model per maker model, endpoint and prices.
        groups = {}
        for e, factor in zip(entries, factors):
            explicit = None if factor is not None else explicit_block(e["imported"], maker_units(e["maker"]))
            if factor is None and explicit is None:
                print(f"  {reseller}: {e['key']} has dated or daily prices; left out, add it by hand")
                continue
            signature = (e["maker"], factor, tuple(explicit or ()))
            group = groups.setdefault(signature, {"maker": e["maker"], "markup": factor,
                                                  "explicit": explicit, "names": set(),
                                                  "endpoints": {}})
            group["names"].add(e["key"])
            stripped = re.sub(r"^(bedrock_mantle|bedrock_converse|bedrock|vertex_ai|azure)/", "", e["key"])
            group["names"].add(stripped)
            for name in (e["key"], stripped):
                group["endpoints"][name] = e["endpoint"]
        claimed = set(taken)
        out = []
        for signature in sorted(groups, key=lambda s: (s[0], str(s[1]), s[2])):
            group = groups[signature]
            names = sorted(n for n in group["names"] if n not in claimed)
            if not names:
                continue
            claimed.update(names)
            # The maker's global endpoint names a model first, then the US one.
            rank = {"global": 0, "us": 1, "eu": 2}
            group["id"] = min(names, key=lambda n: (rank.get(group["endpoints"][n], 3), len(n), n))
            group["aliases"] = [n for n in names if n != group["id"]]
            out.append(group)
        text = reseller_catalog(reseller, out, curated, today)
        old = open(path).read() if os.path.exists(path) else ""
        same_as = sum(1 for g in out if g["markup"] is not None)
        print(f"{reseller}: {len(out)} models ({same_as} as the maker's model, "
              f"{len(out) - same_as} with LiteLLM's own prices), {len(curated)} curated kept")
        if text == old:
            continue
        if write:
            open(path, "w").write(text)
            print(f"wrote {os.path.relpath(path, ROOT)}")
        else:
            sys.stdout.writelines(difflib.unified_diff(
                old.splitlines(keepends=True), text.splitlines(keepends=True),
                f"pricing/{reseller}.yaml", f"pricing/{reseller}.yaml (refreshed)"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--genai-prices", help="genai-prices data.json")
    parser.add_argument("--litellm", help="LiteLLM model_prices_and_context_window.json")
    parser.add_argument("--binary", default=os.path.join(ROOT, "target/release/llm-slo"))
    parser.add_argument("--write", action="store_true", help="write the refreshed catalogs")
    args = parser.parse_args()
    if not (args.genai_prices or args.litellm):
        sys.exit("give --genai-prices DATA.json and/or --litellm MAP.json")
    today = datetime.date.today().isoformat()
    with tempfile.TemporaryDirectory() as tmp:
        catalogs = import_catalogs(args.binary, args.genai_prices, args.litellm, tmp)
        retired = retired_in_sources(args.genai_prices, args.litellm)
        refresh_makers(args.binary, catalogs, retired, args.write, today)
        if "litellm" in catalogs:
            refresh_resellers(args.binary, args.litellm, catalogs["litellm"], args.write, today)


if __name__ == "__main__":
    main()
