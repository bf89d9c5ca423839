#!/usr/bin/env bash
# Fuzz a running Hookline's whole HTTP API (client, admin, publishing, delivery log, health) with
# schemathesis, driven by Hookline's own OpenAPI document. Passes when no generated request gets a
# 5xx and every documented response matches its schema and content type.
#
# Usage: fuzz_openapi.sh BASE_URL ADMIN_TOKEN
#
# Run it against a server started with --no-delivery: the fuzzer publishes events and creates
# webhooks to made-up destinations, and nothing may be sent to them.
#
# Environment (all optional): HOOKLINE_FUZZ_STORE (default fuzzall), HOOKLINE_FUZZ_MAX_EXAMPLES
# (default 50), HOOKLINE_FUZZ_SEED (default 20240501), HOOKLINE_FUZZ_TIMEOUT (seconds, default 900),
# PYTHON (default python3).
# Exit status: 0 clean, 1 failures found (or setup failed), 2 usage error.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
python=${PYTHON:-python3}
die() { echo "fuzz_openapi: $*" >&2; exit 1; }

if [[ $# -ne 2 || -z $1 || -z $2 ]]; then
    echo "usage: $0 BASE_URL ADMIN_TOKEN" >&2
    exit 2
fi
base=${1%/}
admin_token=$2
store=${HOOKLINE_FUZZ_STORE:-fuzzall}
max_examples=${HOOKLINE_FUZZ_MAX_EXAMPLES:-50}
seed=${HOOKLINE_FUZZ_SEED:-20240501}
time_limit=${HOOKLINE_FUZZ_TIMEOUT:-900}
document=$repo/Sources/HooklineAPI/OpenAPI/openapi.json

st=$("$python" -c 'import os, sys; print(os.path.join(os.path.dirname(sys.executable), "schemathesis"))')
[[ -x $st ]] || st=$(command -v schemathesis) || die "schemathesis not found; pip install -r $here/requirements.txt"
host=$("$python" -c 'import sys, urllib.parse as u; print(u.urlsplit(sys.argv[1]).hostname or "")' "$base")
case $host in
    127.*|localhost|::1) ;;
    *) die "refusing non-loopback host '$host'" ;;
esac
export NO_PROXY='*' no_proxy='*' PYTHONDONTWRITEBYTECODE=1

work=$(mktemp -d "${TMPDIR:-/tmp}/hookline-fuzz-openapi.XXXXXX")
trap 'rm -rf "$work"' EXIT

source "$here/fuzz_tenant.sh"

# The document with every {store_hash} fixed to the fuzzed store (a random one only finds 401s and
# 404s) and its server set to BASE_URL; nothing else changes.
"$python" - "$document" "$base" "$store" >"$work/openapi.json" <<'PY'
import json, sys
document, base, store = sys.argv[1], sys.argv[2], sys.argv[3]
doc = json.load(open(document, encoding="utf-8"))
doc["servers"] = [{"url": base}]
doc["paths"] = {path.replace("{store_hash}", store): item for path, item in doc["paths"].items()}
# Operations marked "x-hookline-fuzz": false (rotating the credentials the fuzzer sends) would lock
# it out of every later request: they are described, and tested by the Swift suites, not fuzzed.
for path in list(doc["paths"]):
    item = doc["paths"][path]
    for method in [m for m, op in item.items() if isinstance(op, dict) and op.get("x-hookline-fuzz") is False]:
        del item[method]
    if not any(isinstance(op, dict) and "responses" in op for op in item.values()):
        del doc["paths"][path]
for item in doc["paths"].values():
    for operation in item.values():
        if isinstance(operation, dict) and "parameters" in operation:
            operation["parameters"] = [p for p in operation["parameters"]
                                       if p.get("$ref") != "#/components/parameters/StoreHash"]
json.dump(doc, sys.stdout)
PY

cd "$work"
set +e
timeout --kill-after=30 "$time_limit" "$st" --no-color run "$work/openapi.json" \
    --url "$base" \
    --header "X-Auth-Token: $access_token" \
    --header "Authorization: Bearer $admin_token" \
    --checks not_a_server_error,response_schema_conformance,content_type_conformance \
    --max-examples "$max_examples" \
    --seed "$seed" \
    --workers 1 \
    --max-redirects 0 \
    --request-timeout 10 \
    --generation-database none
rc=$?
set -e
case $rc in
    0) echo "fuzz_openapi: no failures" ;;
    124|137) die "schemathesis did not finish within ${time_limit}s" ;;
    *) die "schemathesis reported failures (exit $rc); replay with HOOKLINE_FUZZ_SEED=$seed" ;;
esac
