#!/usr/bin/env python3
"""Check Hookline's own OpenAPI document (Sources/HooklineAPI/OpenAPI/openapi.json) against what
Hookline does and against BigCommerce's spec.

Two checks, both run by CI:

1. `agreement`: every operation of BigCommerce's Webhooks v3 spec (with GET /hooks/events from the
   2024-05 one, as fuzz_spec.py assembles them) is in Hookline's document under
   /stores/{store_hash}/v3, with the same request body and the same schema for every response
   status BigCommerce documents (after its OpenAPI 3.0 `nullable` is spelt the 3.1 way).
2. `responses`: every exchange the Swift tests recorded (the same JSONL log validate_responses.py
   reads), on any path, is matched to an operation of Hookline's document and its body validated
   against the response documented for its status (else `default`, Hookline's error shape).
   A recorded path or method the document lacks is a failure; so is a status it does not
   document (a 5xx passes only where an operation names it, as /ready's 503). Pages under /dashboard are HTML for people and are skipped.

Usage:
    validate_openapi.py agreement [--spec-dir DIR] [--document FILE]
    validate_openapi.py responses [--min-checked N] [--document FILE] LOGFILE [LOGFILE...]
Exit status: 0 all good, 1 any violation, 2 usage error.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from jsonschema.exceptions import best_match
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzz_spec import build  # noqa: E402
from validate_responses import Failure, default_spec_dir, describe, excerpt, read_log  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DOCUMENT = REPO_ROOT / "Sources" / "HooklineAPI" / "OpenAPI" / "openapi.json"
CLIENT_PREFIX = "/stores/{store_hash}/v3"
METHODS = ("get", "put", "post", "delete", "patch")
SKIPPED_PREFIXES = ("/dashboard",)


def load(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def spelt_as_31(node: Any) -> Any:
    """OpenAPI 3.0's `nullable: true` beside a `type` becomes a `[type, "null"]` union."""
    if isinstance(node, dict):
        node = {k: spelt_as_31(v) for k, v in node.items()}
        if node.pop("nullable", False) and isinstance(node.get("type"), str):
            node["type"] = [node["type"], "null"]
        return node
    if isinstance(node, list):
        return [spelt_as_31(v) for v in node]
    return node


def dereferenced(doc: dict, node: Any, depth: int = 0) -> Any:
    """`node` with every local $ref replaced by its target (schemas here are not recursive)."""
    if depth > 40:
        raise ValueError("$ref chain too deep (recursive schema?)")
    if isinstance(node, dict):
        if "$ref" in node and isinstance(node["$ref"], str) and node["$ref"].startswith("#/"):
            target: Any = doc
            for part in node["$ref"][2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            rest = {k: v for k, v in node.items() if k != "$ref"}
            resolved = dereferenced(doc, target, depth + 1)
            return {**resolved, **dereferenced(doc, rest, depth + 1)} if rest else resolved
        return {k: dereferenced(doc, v, depth + 1) for k, v in node.items()}
    if isinstance(node, list):
        return [dereferenced(doc, v, depth + 1) for v in node]
    return node


def response_schema(doc: dict, response: Any) -> Any:
    response = dereferenced(doc, response)
    return ((response.get("content") or {}).get("application/json") or {}).get("schema")


def agreement(document: dict, spec_dir: Path) -> list[str]:
    bc = spelt_as_31(build(spec_dir, "http://127.0.0.1"))
    problems = []
    for template, item in bc["paths"].items():
        ours_item = document.get("paths", {}).get(CLIENT_PREFIX + template)
        for method in METHODS:
            if method not in item:
                continue
            name = f"{method.upper()} {template}"
            theirs = item[method]
            ours = (ours_item or {}).get(method)
            if ours is None:
                problems.append(f"{name}: missing from Hookline's document")
                continue
            body_theirs = dereferenced(bc, theirs.get("requestBody"))
            body_ours = dereferenced(document, ours.get("requestBody"))
            if body_theirs != body_ours:
                problems.append(f"{name}: request body differs from BigCommerce's")
            for status, response in theirs.get("responses", {}).items():
                mine = ours.get("responses", {}).get(status)
                if mine is None:
                    problems.append(f"{name}: response {status} missing")
                elif response_schema(bc, response) != response_schema(document, mine):
                    problems.append(f"{name}: response {status}'s schema differs from BigCommerce's")
    return problems


class Document:
    """Hookline's document: routes matched most specific first, validators by JSON pointer."""

    def __init__(self, doc: dict):
        self.doc = doc
        self.uri = "urn:hookline:openapi"
        resource = Resource.from_contents(doc, default_specification=DRAFT202012)
        self.registry = Registry().with_resource(self.uri, resource)
        self.validators: dict[str, OAS31Validator] = {}
        routes = []
        for template in doc.get("paths", {}):
            pattern = "".join(
                "[^/]+" if re.fullmatch(r"\{[^}]+\}", part) else re.escape(part)
                for part in re.split(r"(\{[^}]+\})", template))
            routes.append((template, re.compile(f"^{pattern}$")))
        routes.sort(key=lambda r: (r[0].count("{"), -len(r[0])))
        self.routes = routes

    def validator(self, ptr: str) -> OAS31Validator:
        if ptr not in self.validators:
            self.validators[ptr] = OAS31Validator(
                {"$ref": self.uri + ptr}, registry=self.registry, format_checker=oas31_format_checker)
        return self.validators[ptr]

    def resolve(self, node: Any, ptr: str) -> tuple[Any, str]:
        while isinstance(node, dict) and "$ref" in node:
            ptr = node["$ref"]
            node = self.doc
            for part in ptr[2:].split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
        return node, ptr

    def check(self, method: str, path: str, status: int, body: str, coverage: Counter) -> list[str]:
        route = next((t for t, rx in self.routes if rx.match(path)), None)
        if route is None:
            return [] if status in (404, 405) and is_error(body) else [f"path {path} is not in the document"]
        operation = self.doc["paths"][route].get(method.lower())
        name = f"{method} {route}"
        if operation is None:
            return [] if status == 405 and is_error(body) else [f"{name}: method not in the document"]
        coverage[name] += 1
        responses = operation.get("responses", {})
        key = next((k for k in (str(status), f"{status // 100}XX", "default") if k in responses), None)
        if key is None or (status >= 500 and key == "default"):
            return [f"{name}: status {status} not documented"]
        ptr = "#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in ("paths", route, method.lower(), "responses", key))
        response, ptr = self.resolve(responses[key], ptr)
        if status == 204 or not (response.get("content") or {}):
            return ["a response without content must have an empty body"] if body.strip() else []
        media = response["content"].get("application/json")
        if media is None or "schema" not in media:
            return []
        try:
            payload = json.loads(body)
        except ValueError as exc:
            return [f"body is not JSON ({exc})"]
        errors = list(self.validator(ptr + "/content/application~1json/schema").iter_errors(payload))
        if not errors:
            return []
        best = best_match(errors)
        return [f"{name} -> {status} ({key}): {describe(best)}"]


def is_error(body: str) -> bool:
    try:
        payload = json.loads(body)
    except ValueError:
        return False
    return isinstance(payload, dict) and isinstance(payload.get("status"), int) and isinstance(payload.get("title"), str)


def responses(document: dict, logs: list[Path], min_checked: int, out=None) -> int:
    out = out or sys.stdout
    checker = Document(document)
    failures: list[Failure] = []
    coverage: Counter[str] = Counter()
    checked = 0
    for log in logs:
        for ex in read_log(log, failures):
            path = ex.path.split("?", 1)[0].split("#", 1)[0]
            if path.startswith(SKIPPED_PREFIXES):
                continue
            checked += 1
            for message in checker.check(ex.method, path, ex.status, ex.body, coverage):
                failures.append(Failure(ex, ex.source, message))
    for failure in failures[:50]:
        if failure.exchange is None:
            print(f"FAIL {failure.where}: {failure.message}", file=out)
            continue
        ex = failure.exchange
        print(f"FAIL {ex.method} {ex.path} -> {ex.status}  ({failure.where})\n     {failure.message}\n"
              f"     body: {excerpt(ex.body) or '(empty)'}", file=out)
    operations = [f"{m.upper()} {t}" for t, item in document["paths"].items() for m in METHODS if m in item]
    missing = [op for op in operations if not coverage[op]]
    if missing:
        print(f"note: no recorded exchange for {', '.join(missing)}", file=out)
    status = 1 if failures else 0
    if checked < min_checked:
        print(f"FAIL only {checked} responses checked; at least {min_checked} required", file=out)
        status = 1
    print(f"openapi: {checked} responses checked against Hookline's document, {len(failures)} failed", file=out)
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("check", choices=["agreement", "responses"])
    parser.add_argument("logs", nargs="*", type=Path, metavar="LOGFILE")
    parser.add_argument("--document", type=Path, default=DEFAULT_DOCUMENT)
    parser.add_argument("--spec-dir", type=Path, default=None)
    parser.add_argument("--min-checked", type=int, default=20)
    args = parser.parse_intermixed_args(argv)
    document = load(args.document)
    if args.check == "agreement":
        problems = agreement(document, args.spec_dir or default_spec_dir())
        for problem in problems:
            print(f"FAIL {problem}")
        print(f"openapi agreement with BigCommerce's spec: {len(problems)} problems")
        return 1 if problems else 0
    if not args.logs:
        parser.error("responses needs at least one LOGFILE")
    return responses(document, args.logs, args.min_checked)


if __name__ == "__main__":
    sys.exit(main())
