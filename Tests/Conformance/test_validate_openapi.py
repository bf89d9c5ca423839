"""Self-tests of validate_openapi.py: the committed document passes, and drift is caught."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pytest

import validate_openapi as vo
from validate_responses import default_spec_dir

DOCUMENT = vo.load(vo.DEFAULT_DOCUMENT)


def write_log(tmp_path: Path, *exchanges: dict) -> Path:
    log = tmp_path / "exchanges.jsonl"
    log.write_text("".join(json.dumps(e) + "\n" for e in exchanges), encoding="utf-8")
    return log


def run_responses(tmp_path: Path, *exchanges: dict, document: dict = DOCUMENT) -> tuple[int, str]:
    out = io.StringIO()
    status = vo.responses(document, [write_log(tmp_path, *exchanges)], min_checked=1, out=out)
    return status, out.getvalue()


STORE = {"store_hash": "abc", "store_id": 1000001, "created_at": 1700000000}


def test_the_committed_document_agrees_with_bigcommerce():
    assert vo.agreement(DOCUMENT, default_spec_dir()) == []


def test_a_changed_client_schema_is_caught():
    changed = copy.deepcopy(DOCUMENT)
    hooks = changed["paths"]["/stores/{store_hash}/v3/hooks"]["get"]
    hooks["responses"]["200"] = {"description": "x", "content": {"application/json": {"schema": {"type": "object"}}}}
    problems = vo.agreement(changed, default_spec_dir())
    assert problems == ["GET /hooks: response 200's schema differs from BigCommerce's"]


def test_a_missing_client_operation_is_caught():
    changed = copy.deepcopy(DOCUMENT)
    del changed["paths"]["/stores/{store_hash}/v3/hooks/admin"]["put"]
    assert "PUT /hooks/admin: missing from Hookline's document" in vo.agreement(changed, default_spec_dir())


def test_conforming_admin_and_error_answers_pass(tmp_path):
    status, out = run_responses(
        tmp_path,
        {"method": "POST", "path": "/admin/v1/stores", "status": 201, "body": json.dumps({"data": STORE, "meta": {}})},
        {"method": "GET", "path": "/admin/v1/stores/nope", "status": 404,
         "body": json.dumps({"status": 404, "title": "Store 'nope' not found", "type": "/x"})},
        {"method": "DELETE", "path": "/admin/v1/stores/abc/accounts/c1", "status": 204, "body": ""},
        {"method": "GET", "path": "/dashboard/stores", "status": 200, "body": "<html>"},
    )
    assert status == 0, out
    assert "3 responses checked" in out


def test_a_wrong_admin_body_fails(tmp_path):
    body = {"data": {**STORE, "store_id": "1000001"}, "meta": {}}
    status, out = run_responses(tmp_path, {"method": "POST", "path": "/admin/v1/stores", "status": 201, "body": json.dumps(body)})
    assert status == 1
    assert "store_id" in out


def test_an_undocumented_path_or_status_fails(tmp_path):
    status, out = run_responses(
        tmp_path,
        {"method": "GET", "path": "/admin/v1/secret", "status": 200, "body": "{}"},
        {"method": "GET", "path": "/health", "status": 500, "body": "{}"},
    )
    assert status == 1
    assert "path /admin/v1/secret is not in the document" in out
    assert "GET /health: status 500 not documented" in out


@pytest.mark.parametrize("status_code", [401, 405, 422])
def test_error_answers_need_the_error_shape(tmp_path, status_code):
    status, out = run_responses(
        tmp_path, {"method": "GET", "path": "/admin/v1/stores", "status": status_code, "body": json.dumps({"error": "no"})})
    assert status == 1, out


def test_the_command_line_takes_options_before_the_logs(tmp_path, capsys):
    log = write_log(tmp_path, {"method": "GET", "path": "/health", "status": 200, "body": '{"status": "ok"}'})
    assert vo.main(["responses", "--min-checked", "1", str(log)]) == 0
    assert vo.main(["responses", "--min-checked", "2", str(log)]) == 1
    assert "1 responses checked" in capsys.readouterr().out
