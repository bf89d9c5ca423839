#!/usr/bin/env python3
"""Write the OpenAPI document fuzz_api.sh feeds to the fuzzer.

It is BigCommerce's current webhooks.v3.yml with these changes, and no others:

1. `webhooks_Resp.data` loses `minItems: 1` (same quirk as validate_responses.py: BigCommerce
   answers a store without hooks with `"data": []`), or every empty list would be flagged.
2. `servers` points at the Hookline under test, so nothing in the document names a host
   other than the one being fuzzed.
3. The `getHook` link on POST /hooks reads `$response.body#/id`, but the created hook is at
   `/data/id`; fixed so stateful runs can chain create -> get/update/delete.
4. GET /hooks/events and `events_history_enabled` are grafted in from the 2024-05 spec:
   BigCommerce dropped them, Hookline keeps them, so they should be fuzzed as well.

Usage: fuzz_spec.py --base-url URL --out FILE [--spec-dir DIR]
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path
from typing import Any, Iterator

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from validate_responses import (  # noqa: E402
    CURRENT_SPEC,
    EVENTS_SPEC,
    default_spec_dir,
    patch_known_quirks,
)

EVENTS_PATH = "/hooks/events"


def refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def graft_components(target: dict, source: dict, node: Any) -> None:
    """Copy every `#/components/...` entry `node` needs (transitively) from source to
    target, keeping the target's own definition where both have one."""
    pending = list(refs(node))
    while pending:
        ref = pending.pop()
        parts = ref.split("/")
        if len(parts) != 4 or parts[:2] != ["#", "components"]:
            raise SystemExit(f"unexpected $ref {ref!r} in {EVENTS_PATH}")
        _, _, section, name = parts
        bucket = target.setdefault("components", {}).setdefault(section, {})
        if name not in bucket:
            bucket[name] = copy.deepcopy(source["components"][section][name])
            pending.extend(refs(bucket[name]))


def build(spec_dir: Path, base_url: str) -> dict:
    with (spec_dir / CURRENT_SPEC).open(encoding="utf-8") as fh:
        spec = patch_known_quirks(yaml.safe_load(fh))
    with (spec_dir / EVENTS_SPEC).open(encoding="utf-8") as fh:
        older = yaml.safe_load(fh)

    spec["servers"] = [{"url": base_url, "description": "Hookline under test"}]

    link = (spec["paths"]["/hooks"]["post"]["responses"]["200"]
            .get("links", {}).get("getHook", {}).get("parameters", {}))
    if link.get("webhook_id") == "$response.body#/id":
        link["webhook_id"] = "$response.body#/data/id"

    spec["paths"][EVENTS_PATH] = copy.deepcopy(older["paths"][EVENTS_PATH])
    graft_components(spec, older, spec["paths"][EVENTS_PATH])
    for name in ("webhook_Base", "webhook_Put"):
        prop = older["components"]["schemas"][name]["properties"]["events_history_enabled"]
        spec["components"]["schemas"][name]["properties"].setdefault(
            "events_history_enabled", copy.deepcopy(prop))
    return spec


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True,
                        help="client API base, e.g. http://127.0.0.1:18080/stores/fuzzstore/v3")
    parser.add_argument("--out", required=True, type=Path, help="where to write the JSON spec")
    parser.add_argument("--spec-dir", type=Path, default=None,
                        help="default: $HOOKLINE_SPEC_DIR or <repo>/../shared/reference/bigcommerce")
    args = parser.parse_args()
    spec = build(args.spec_dir or default_spec_dir(), args.base_url)
    args.out.write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
