#!/usr/bin/env python3
"""Check recorded client-API responses against the BigCommerce Webhooks v3 OpenAPI spec.

The Swift test suite writes every HTTP exchange it makes to a JSONL log, one object a line:

    {"method": "GET", "path": "/stores/abc123/v3/hooks?page=2", "status": 200, "body": "..."}

Every line under /stores/{store_hash}/v3/ is matched to its spec operation and its body is
validated against the documented response schema, so wire drift from BigCommerce shows up
in CI even when the Swift assertions only look at a few fields. Lines outside the client
API (/admin/v1/..., /health, ...) are Hookline's own and are skipped.

Usage:
    validate_responses.py [--min-checked N] [--spec-dir DIR] LOGFILE [LOGFILE...]

The spec directory comes from --spec-dir, else $HOOKLINE_SPEC_DIR, else
<repo>/../shared/reference/bigcommerce (where CI checks out the shared folder).
Exit status: 0 all good, 1 any violation (or too few exchanges checked), 2 usage error.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator
from urllib.parse import urlsplit

import yaml
from jsonschema.exceptions import best_match
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SPEC_DIR = REPO_ROOT.parent / "shared" / "reference" / "bigcommerce"
CURRENT_SPEC = "webhooks.v3.yml"
# BigCommerce dropped GET /hooks/events in 2024; Hookline keeps it, so that one operation
# is judged by the last spec that still described it.
EVENTS_SPEC = "webhooks.v3.2024-05.yml"

CLIENT_PREFIX = re.compile(r"^/stores/[^/]+/v3(?=/)")
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
BODY_EXCERPT = 300

# Pointer to the quirk described in patch_known_quirks().
WEBHOOKS_LIST_DATA = ("components", "responses", "webhooks_Resp", "content",
                      "application/json", "schema", "properties", "data")


def patch_known_quirks(spec: dict) -> dict:
    """Return a deep copy of `spec` with the one deliberate deviation applied.

    `webhooks_Resp.data` (GET /hooks) declares `minItems: 1`, yet BigCommerce itself answers
    a store without hooks with `"data": []`, and so must Hookline. Only that keyword at that
    spot is dropped; every other constraint on the list (item shape, uniqueItems) still holds.
    """
    patched = copy.deepcopy(spec)
    node: Any = patched
    for key in WEBHOOKS_LIST_DATA:
        node = node.get(key) if isinstance(node, dict) else None
        if node is None:
            return patched
    node.pop("minItems", None)
    return patched


def pointer(*parts: str) -> str:
    """JSON pointer (RFC 6901) for a location inside a spec document."""
    return "#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


class SpecDoc:
    """One OpenAPI document plus a validator factory that resolves its internal $refs."""

    def __init__(self, path: Path):
        self.path = path
        with path.open(encoding="utf-8") as fh:
            self.raw = yaml.safe_load(fh)
        self.doc = patch_known_quirks(self.raw)
        # Registering the whole document under a URN lets a schema be addressed by pointer
        # ("urn:...#/paths/~1hooks/...") so its own "#/components/..." refs resolve against
        # the same document; OAS 3.0 schemas are draft-4 based.
        self.uri = f"urn:hookline:spec:{path.name}"
        resource = Resource.from_contents(self.doc, default_specification=DRAFT4)
        self.registry = Registry().with_resource(self.uri, resource)
        self._validators: dict[str, OAS30Validator] = {}

    def validator(self, ptr: str) -> OAS30Validator:
        if ptr not in self._validators:
            self._validators[ptr] = OAS30Validator(
                {"$ref": self.uri + ptr},
                registry=self.registry,
                format_checker=oas30_format_checker,
            )
        return self._validators[ptr]

    def resolve(self, node: Any, ptr: str) -> tuple[Any, str]:
        """Follow a local $ref chain; return the target and its pointer."""
        seen = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/") or ref in seen:
                raise ValueError(f"{self.path.name}: cannot follow $ref {ref!r} at {ptr}")
            seen.add(ref)
            ptr = ref
            node = self.doc
            for part in ref[2:].split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
        return node, ptr


@dataclass(frozen=True)
class Route:
    template: str
    regex: re.Pattern
    spec: SpecDoc


def build_routes(current: SpecDoc, events: SpecDoc) -> list[Route]:
    """Path templates, literal ones first.

    `/hooks/admin` and `/hooks/events` would also match `/hooks/{webhook_id}`; OpenAPI says a
    concrete path wins over a templated one, so routes are ordered by template count.
    """
    owners: dict[str, SpecDoc] = {t: current for t in current.doc.get("paths", {})}
    owners["/hooks/events"] = events
    if "/hooks/events" not in events.doc.get("paths", {}):
        raise SystemExit(f"{events.path}: has no /hooks/events path")
    routes = []
    for template, spec in owners.items():
        pattern = "".join(
            "[^/]+" if re.fullmatch(r"\{[^}]+\}", seg) else re.escape(seg)
            for seg in re.split(r"(\{[^}]+\})", template)
        )
        routes.append(Route(template, re.compile(f"^{pattern}$"), spec))
    routes.sort(key=lambda r: (r.template.count("{"), -len(r.template)))
    return routes


@dataclass
class Exchange:
    source: str  # "file:line", for the report
    method: str
    path: str
    status: int
    body: str


@dataclass
class Failure:
    exchange: Exchange | None
    where: str
    message: str


def read_log(path: Path, failures: list[Failure]) -> Iterator[Exchange]:
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                obj = json.loads(line)
                method, raw_path, status = obj["method"], obj["path"], obj["status"]
                body = obj.get("body") or ""
                if not (isinstance(method, str) and isinstance(raw_path, str)
                        and isinstance(status, int) and not isinstance(status, bool)
                        and isinstance(body, str)):
                    raise TypeError("method/path/body must be strings and status an integer")
            except (ValueError, KeyError, TypeError) as exc:
                # A log the validator cannot read must not pass as "nothing to check".
                failures.append(Failure(None, where, f"unreadable log line: {exc}"))
                continue
            yield Exchange(where, method.upper(), raw_path, status, body)


def client_path(raw_path: str) -> str | None:
    """Spec-relative path (`/hooks/7`) for a client-API request, else None."""
    path = urlsplit(raw_path).path if "://" in raw_path else raw_path.split("?", 1)[0]
    path = path.split("#", 1)[0]
    match = CLIENT_PREFIX.match(path)
    return path[match.end():] if match else None


def excerpt(body: str) -> str:
    flat = body.replace("\n", "\\n")
    return flat if len(flat) <= BODY_EXCERPT else flat[:BODY_EXCERPT] + "..."


def describe(error) -> str:
    where = "/".join(str(p) for p in error.absolute_path) or "(root)"
    return f"at {where}: {error.message}"


class Checker:
    def __init__(self, spec_dir: Path):
        self.current = SpecDoc(spec_dir / CURRENT_SPEC)
        self.events = SpecDoc(spec_dir / EVENTS_SPEC)
        self.routes = build_routes(self.current, self.events)
        self.coverage: Counter[str] = Counter()

    def operations(self) -> list[str]:
        ops = []
        for route in self.routes:
            item = route.spec.doc["paths"][route.template]
            ops += [f"{m.upper()} {route.template}" for m in HTTP_METHODS if m in item]
        return ops

    def check(self, ex: Exchange, rel_path: str) -> list[str]:
        """Return the problems with one exchange (empty list: conforms)."""
        problems: list[str] = []
        route = next((r for r in self.routes if r.regex.match(rel_path)), None)
        operation = None
        if route is not None:
            operation = route.spec.doc["paths"][route.template].get(ex.method.lower())
        op_name = f"{ex.method} {route.template if route else rel_path}"

        response, resp_ptr = None, ""
        if operation is not None:
            self.coverage[op_name] += 1
            responses = operation.get("responses", {})
            op_ptr = pointer("paths", route.template, ex.method.lower(), "responses")
            for key in (str(ex.status), f"{ex.status // 100}XX", "default"):
                if key in responses:
                    response, resp_ptr = route.spec.resolve(
                        responses[key], op_ptr + "/" + key.replace("~", "~0"))
                    break

        if response is None:
            # Unknown path, unknown method or undocumented status: acceptable only as an
            # error in the BigCommerce error shape (e.g. 404 on PUT, 405, 409, 413, 429).
            if ex.status < 400:
                reason = ("path not in the spec" if route is None else
                          "method not in the spec" if operation is None else
                          "status not documented for this operation")
                return [f"{op_name}: success status {ex.status} but {reason}"]
            spec = route.spec if route else self.current
            schema_name = "errorDetailed_Full" if ex.status == 422 else "error_Full"
            schema_ptr = pointer("components", "schemas", schema_name)
        else:
            content = response.get("content") or {}
            media = content.get("application/json")
            spec = route.spec
            if media is None or "schema" not in media:
                schema_ptr = None
            else:
                # Point at the media object inside the resolved response, so inline schemas
                # and $ref'd ones go through the same resolver.
                schema_ptr = resp_ptr + "/content/application~1json/schema"

        if ex.status == 204:
            if ex.body.strip():
                problems.append("204 No Content must have an empty body")
            return problems
        if schema_ptr is None:
            return problems

        try:
            payload = json.loads(ex.body)
        except ValueError as exc:
            what = "empty body" if not ex.body.strip() else f"body is not JSON ({exc})"
            return [f"{what}; expected application/json"]

        errors = list(spec.validator(schema_ptr).iter_errors(payload))
        if errors:
            best = best_match(errors)
            problems.append(f"schema {schema_ptr}: {describe(best)}")
            problems += [f"  also {describe(e)}" for e in errors if e is not best][:5]

        if ex.status >= 400:
            problems += error_envelope_problems(payload, ex.status)
        return problems


def error_envelope_problems(payload: Any, status: int) -> list[str]:
    """BigCommerce error bodies always carry status/title/type, though the spec marks none
    of them required; integrators key off these, so they are enforced here."""
    if not isinstance(payload, dict):
        return ["error body must be a JSON object with status, title and type"]
    problems = []
    got = payload.get("status")
    if not isinstance(got, int) or isinstance(got, bool) or got != status:
        problems.append(f"error body 'status' must be the integer {status}, got {got!r}")
    title = payload.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(f"error body 'title' must be a non-empty string, got {title!r}")
    if not isinstance(payload.get("type"), str):
        problems.append(f"error body 'type' must be a string, got {payload.get('type')!r}")
    if status == 422 and "errors" in payload and not isinstance(payload["errors"], dict):
        problems.append("422 'errors' must be an object of field -> message")
    return problems


def run(logs: Iterable[Path], spec_dir: Path, min_checked: int, max_report: int,
        out=sys.stdout) -> int:
    checker = Checker(spec_dir)
    failures: list[Failure] = []
    checked = skipped = 0
    for log in logs:
        try:
            for ex in read_log(log, failures):
                rel = client_path(ex.path)
                if rel is None:
                    skipped += 1
                    continue
                checked += 1
                for msg in checker.check(ex, rel):
                    failures.append(Failure(ex, ex.source, msg))
        except OSError as exc:
            failures.append(Failure(None, str(log), f"cannot read log: {exc.strerror or exc}"))

    # Group messages per exchange so each failing response is reported once, with all of
    # its problems under it.
    grouped: dict[str, tuple[Exchange | None, list[str]]] = {}
    for f in failures:
        grouped.setdefault(f.where, (f.exchange, []))[1].append(f.message)
    for where, (ex, messages) in list(grouped.items())[:max_report]:
        if ex is None:
            print(f"FAIL {where}: {'; '.join(messages)}", file=out)
            continue
        print(f"FAIL {ex.method} {ex.path} -> {ex.status}  ({where})", file=out)
        for msg in messages:
            print(f"     {msg}", file=out)
        print(f"     body: {excerpt(ex.body) or '(empty)'}", file=out)
    if len(grouped) > max_report:
        print(f"... {len(grouped) - max_report} more failures not shown", file=out)

    missing = [op for op in checker.operations() if not checker.coverage[op]]
    if missing:
        # Informational: a gap in test coverage, not a conformance failure.
        print(f"note: no recorded exchange for {', '.join(missing)}", file=out)
    if skipped:
        print(f"note: {skipped} non-client-API exchanges skipped", file=out)

    status = 0
    if checked < min_checked:
        print(f"FAIL only {checked} client-API responses checked; at least {min_checked} "
              f"required (is the exchange log being written?)", file=out)
        status = 1
    n_failed = len(grouped)
    if n_failed:
        status = 1
    print(f"conformance: {checked} responses checked, {n_failed} failed", file=out)
    return status


def default_spec_dir() -> Path:
    env = os.environ.get("HOOKLINE_SPEC_DIR")
    return Path(env) if env else DEFAULT_SPEC_DIR


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Validate recorded client-API responses against the BigCommerce "
                    "Webhooks v3 OpenAPI spec.")
    parser.add_argument("logs", nargs="+", type=Path, metavar="LOGFILE",
                        help="JSONL exchange log(s) written by the test suite")
    parser.add_argument("--min-checked", type=int, default=20, metavar="N",
                        help="fail unless at least N client-API responses were checked "
                             "(default: 20)")
    parser.add_argument("--spec-dir", type=Path, default=None,
                        help="directory holding the webhooks.v3*.yml specs (default: "
                             "$HOOKLINE_SPEC_DIR or <repo>/../shared/reference/bigcommerce)")
    parser.add_argument("--max-report", type=int, default=50, metavar="N",
                        help="print details of at most N failing exchanges (default: 50)")
    args = parser.parse_args(argv)
    spec_dir = args.spec_dir or default_spec_dir()
    for name in (CURRENT_SPEC, EVENTS_SPEC):
        if not (spec_dir / name).is_file():
            parser.error(f"spec not found: {spec_dir / name} (set HOOKLINE_SPEC_DIR)")
    return run(args.logs, spec_dir, args.min_checked, args.max_report)


if __name__ == "__main__":
    sys.exit(main())
