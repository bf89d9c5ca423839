"""Self-tests for validate_responses.py: it must pass conforming responses and catch
violations, otherwise a green conformance step in CI means nothing.

Run: python3 -m pytest Tests/Conformance   (needs the specs; see HOOKLINE_SPEC_DIR)
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import validate_responses as vr  # noqa: E402

BASE = "/stores/abc123/v3"
ERROR_TYPE = "/api-docs/getting-started/api-status-codes"
HOOK = {
    "id": 18048287,
    "client_id": "m9r6keqmo7h7f23btnpwernbez1kglkl",
    "store_hash": "abc123",
    "scope": "store/order/created",
    "destination": "https://example.com/webhooks",
    "headers": {"custom-key": "developer-defined value"},
    "is_active": True,
    "events_history_enabled": False,
    "created_at": 1561488106,
    "updated_at": 1561488106,
}
PAGINATION = {"total": 0, "count": 0, "per_page": 50, "current_page": 1, "total_pages": 0,
              "links": {"current": "?page=1&limit=50"}}


@pytest.fixture(scope="module")
def spec_dir() -> Path:
    d = vr.default_spec_dir()
    assert (d / vr.CURRENT_SPEC).is_file(), f"specs not found in {d}; set HOOKLINE_SPEC_DIR"
    return d


@pytest.fixture(scope="module")
def checker(spec_dir) -> vr.Checker:
    return vr.Checker(spec_dir)


def line(method: str, path: str, status: int, body) -> dict:
    raw = body if isinstance(body, str) else json.dumps(body)
    return {"method": method, "path": path, "status": status, "body": raw}


def problems(checker, method, path, status, body) -> list[str]:
    ex = vr.Exchange("test:1", method, path, status, line(method, path, status, body)["body"])
    rel = vr.client_path(path)
    assert rel is not None
    return checker.check(ex, rel)


def run_lines(tmp_path, spec_dir, lines, min_checked=0) -> tuple[int, str]:
    log = tmp_path / "exchanges.jsonl"
    log.write_text("".join(json.dumps(item) + "\n" for item in lines), encoding="utf-8")
    out = io.StringIO()
    rc = vr.run([log], spec_dir, min_checked=min_checked, max_report=50, out=out)
    return rc, out.getvalue()


def test_valid_webhook_responses_pass(checker):
    assert problems(checker, "POST", f"{BASE}/hooks", 200, {"data": HOOK, "meta": {}}) == []
    assert problems(checker, "GET", f"{BASE}/hooks/18048287", 200,
                    {"data": dict(HOOK, headers=None), "meta": {}}) == []
    assert problems(checker, "DELETE", f"{BASE}/hooks/18048287", 200,
                    {"data": HOOK, "meta": {}}) == []


def test_id_as_string_is_caught(checker):
    found = problems(checker, "GET", f"{BASE}/hooks/1", 200,
                     {"data": dict(HOOK, id="18048287"), "meta": {}})
    assert found and "data/id" in found[0] and "integer" in found[0]


def test_header_values_must_be_strings(checker):
    found = problems(checker, "POST", f"{BASE}/hooks", 200,
                     {"data": dict(HOOK, headers={"x": 1}), "meta": {}})
    assert found and "data/headers/x" in found[0]


def test_empty_list_is_tolerated_but_nothing_else(checker):
    empty = {"data": [], "meta": {"pagination": PAGINATION}}
    assert problems(checker, "GET", f"{BASE}/hooks?page=1&limit=50", 200, empty) == []
    # The tolerance is deliberate and narrow: the published spec says minItems 1, and only
    # that keyword is gone from the copy the checker validates against...
    def list_schema(doc):
        return doc["components"]["responses"]["webhooks_Resp"]["content"][
            "application/json"]["schema"]["properties"]["data"]
    assert list_schema(checker.current.raw).get("minItems") == 1
    patched = list_schema(checker.current.doc)
    assert "minItems" not in patched and patched.get("uniqueItems") is True
    # ...and a non-empty list is still checked item by item.
    found = problems(checker, "GET", f"{BASE}/hooks", 200,
                     {"data": [dict(HOOK, is_active="yes")], "meta": {"pagination": PAGINATION}})
    assert found and "data/0/is_active" in found[0]


def test_pagination_links_must_be_strings(checker):
    meta = {"pagination": dict(PAGINATION, links={"previous": None, "current": "?page=1",
                                                   "next": None})}
    found = problems(checker, "GET", f"{BASE}/hooks", 200, {"data": [], "meta": meta})
    assert found and "links" in found[0]


def test_undocumented_409_with_error_shape_passes(checker):
    body = {"status": 409, "title": "A webhook for this scope and destination already exists",
            "type": ERROR_TYPE}
    assert problems(checker, "POST", f"{BASE}/hooks", 409, body) == []


@pytest.mark.parametrize("body, needle", [
    ({"title": "Conflict", "type": ERROR_TYPE}, "'status'"),
    ({"status": 400, "title": "Conflict", "type": ERROR_TYPE}, "'status'"),
    ({"status": 409, "title": "", "type": ERROR_TYPE}, "'title'"),
    ({"status": 409, "title": "Conflict"}, "'type'"),
    ({"status": "409", "title": "Conflict", "type": ERROR_TYPE}, "integer"),
    ("Conflict", "not JSON"),
    ("", "empty body"),
])
def test_bad_error_bodies_are_caught(checker, body, needle):
    found = problems(checker, "POST", f"{BASE}/hooks", 409, body)
    assert any(needle in p for p in found), found


def test_documented_errors_need_the_envelope_too(checker):
    # 401 is documented with error_Full, which requires nothing; the envelope rule still does.
    found = problems(checker, "GET", f"{BASE}/hooks", 401, {"message": "unauthorized"})
    assert len(found) == 3
    ok = {"status": 422, "title": "JSON data is missing or invalid", "type": ERROR_TYPE,
          "errors": {"destination": "error.path.missing."}}
    assert problems(checker, "POST", f"{BASE}/hooks", 422, ok) == []
    # 422 on PUT is not in the spec; it falls back to errorDetailed_Full.
    assert problems(checker, "PUT", f"{BASE}/hooks/7", 422, ok) == []


def test_204_must_be_empty(checker):
    assert problems(checker, "PUT", f"{BASE}/hooks/admin", 204, "") == []
    assert problems(checker, "PUT", f"{BASE}/hooks/admin", 204, {"data": {}})


def test_undocumented_success_is_caught(checker):
    assert problems(checker, "POST", f"{BASE}/hooks", 201, {"data": HOOK, "meta": {}})
    assert problems(checker, "GET", f"{BASE}/catalog/products", 200, {"data": []})


def test_literal_paths_win_over_webhook_id(checker):
    admin = {"data": {"emails": ["ops@example.com"],
                      "hooks_list": [dict(HOOK, status="deactivated")],
                      "blocked_domains": []}, "meta": {}}
    assert problems(checker, "GET", f"{BASE}/hooks/admin?is_active=true", 200, admin) == []
    found = problems(checker, "GET", f"{BASE}/hooks/admin", 200,
                     {"data": {"hooks_list": [dict(HOOK, status="paused")]}, "meta": {}})
    assert found and "status" in found[0]


def test_events_use_the_2024_05_spec(checker):
    event = {"scope": "store/order/created", "store_id": "1025646", "data": {"id": 1},
             "hash": "dd70c0976e06b67aaf671e73f49dcb79230ebf9d", "created_at": 1561479335,
             "producer": "stores/abc123"}
    body = {"data": [event], "meta": {"pagination": dict(PAGINATION, total=1, count=1)}}
    assert problems(checker, "GET", f"{BASE}/hooks/events?page=1", 200, body) == []
    bad = {"data": [dict(event, store_id=1025646)], "meta": {}}
    assert problems(checker, "GET", f"{BASE}/hooks/events", 200, bad)


def test_run_reports_and_skips_non_client_paths(tmp_path, spec_dir):
    lines = [
        line("POST", "/admin/v1/stores", 201, {"anything": "goes"}),
        line("GET", "/health", 200, "ok"),
        line("POST", f"{BASE}/hooks", 200, {"data": HOOK, "meta": {}}),
        line("GET", f"{BASE}/hooks/1", 200, {"data": dict(HOOK, id="1"), "meta": {}}),
        line("GET", f"{BASE}/hooks?limit=5", 200, {"data": [], "meta": {}}),
        line("POST", f"{BASE}/hooks", 409, {"status": 409, "title": "Duplicate",
                                             "type": ERROR_TYPE}),
    ]
    rc, out = run_lines(tmp_path, spec_dir, lines)
    assert rc == 1
    assert "conformance: 4 responses checked, 1 failed" in out
    assert f"FAIL GET {BASE}/hooks/1 -> 200" in out and "body:" in out


def test_min_checked_guards_against_an_empty_log(tmp_path, spec_dir):
    good = [line("POST", f"{BASE}/hooks", 200, {"data": HOOK, "meta": {}})] * 3
    assert run_lines(tmp_path, spec_dir, good, min_checked=3)[0] == 0
    rc, out = run_lines(tmp_path, spec_dir, good, min_checked=4)
    assert rc == 1 and "only 3 client-API responses checked" in out
    rc, out = run_lines(tmp_path, spec_dir, [], min_checked=1)
    assert rc == 1 and "conformance: 0 responses checked, 0 failed" in out


def test_unreadable_log_line_fails(tmp_path, spec_dir):
    log = tmp_path / "broken.jsonl"
    log.write_text('{"method": "GET"}\nnot json\n', encoding="utf-8")
    rc = vr.run([log], spec_dir, min_checked=0, max_report=50, out=io.StringIO())
    assert rc == 1


def test_cli_exit_codes(tmp_path, spec_dir):
    log = tmp_path / "ok.jsonl"
    log.write_text(json.dumps(line("PUT", f"{BASE}/hooks/admin", 204, "")) + "\n",
                   encoding="utf-8")
    cmd = [sys.executable, str(HERE / "validate_responses.py"), "--spec-dir", str(spec_dir)]
    ok = subprocess.run(cmd + ["--min-checked", "1", str(log)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.strip().endswith("conformance: 1 responses checked, 0 failed")
    short = subprocess.run(cmd + [str(log)], capture_output=True, text=True)
    assert short.returncode == 1
