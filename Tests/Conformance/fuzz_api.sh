#!/usr/bin/env bash
# Fuzz a running Hookline's client API with schemathesis, driven by BigCommerce's
# Webhooks v3 OpenAPI spec. Passes when no generated request gets a 5xx and every
# documented response matches its schema and content type.
#
# Usage: fuzz_api.sh BASE_URL ADMIN_TOKEN        e.g. fuzz_api.sh http://127.0.0.1:18080 "$TOKEN"
#
# Environment (all optional):
#   HOOKLINE_SPEC_DIR            spec folder (default: <repo>/../shared/reference/bigcommerce)
#   HOOKLINE_FUZZ_STORE          store hash to create and fuzz (default: fuzzstore)
#   HOOKLINE_FUZZ_MAX_EXAMPLES   cases per operation in the fuzzing and stateful phases (default: 50;
#                                the examples and coverage phases always run in full)
#   HOOKLINE_FUZZ_SEED           seed, so a failing run can be replayed (default: 20240501)
#   HOOKLINE_FUZZ_TIMEOUT        hard wall-clock limit in seconds (default: 900)
#   HOOKLINE_FUZZ_REPORT_DIR     if set, a JUnit report is written there
#   HOOKLINE_FUZZ_ALLOW_REMOTE=1 allow a non-loopback BASE_URL
#   PYTHON                       interpreter with requirements.txt installed (default: python3)
#
# The server must be running; this script only creates a store and an API account on it.
# Exit status: 0 clean, 1 failures found (or setup failed), 2 usage error.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
python=${PYTHON:-python3}

die() { echo "fuzz_api: $*" >&2; exit 1; }

if [[ $# -ne 2 || -z $1 || -z $2 ]]; then
    echo "usage: $0 BASE_URL ADMIN_TOKEN   (e.g. http://127.0.0.1:18080)" >&2
    exit 2
fi
base=${1%/}
admin_token=$2
spec_dir=${HOOKLINE_SPEC_DIR:-$repo/../shared/reference/bigcommerce}
store=${HOOKLINE_FUZZ_STORE:-fuzzstore}
max_examples=${HOOKLINE_FUZZ_MAX_EXAMPLES:-50}
seed=${HOOKLINE_FUZZ_SEED:-20240501}
time_limit=${HOOKLINE_FUZZ_TIMEOUT:-900}

# Prefer the schemathesis installed alongside $PYTHON (e.g. an unactivated venv) so both
# come from the same requirements.txt install.
st=$("$python" -c 'import os, sys; print(os.path.join(os.path.dirname(sys.executable), "schemathesis"))')
[[ -x $st ]] || st=$(command -v schemathesis) || die "schemathesis not found; pip install -r $here/requirements.txt"
[[ -f $spec_dir/webhooks.v3.yml ]] || die "no webhooks.v3.yml in $spec_dir (set HOOKLINE_SPEC_DIR)"

# Fuzzing writes (creates hooks, sets notification emails), so refuse to point it at
# anything but a local server unless explicitly told to.
host=$("$python" -c 'import sys, urllib.parse as u; print(u.urlsplit(sys.argv[1]).hostname or "")' "$base")
case $host in
    127.*|localhost|::1) ;;
    *) [[ ${HOOKLINE_FUZZ_ALLOW_REMOTE:-} == 1 ]] || die "refusing non-loopback host '$host' (set HOOKLINE_FUZZ_ALLOW_REMOTE=1)" ;;
esac

# A proxy from the environment would route the fuzz traffic elsewhere; talk to BASE directly.
export NO_PROXY='*' no_proxy='*'
export PYTHONDONTWRITEBYTECODE=1

work=$(mktemp -d "${TMPDIR:-/tmp}/hookline-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

source "$here/fuzz_tenant.sh"

client_base="$base/stores/$store/v3"
"$python" "$here/fuzz_spec.py" --spec-dir "$spec_dir" --base-url "$client_base" --out "$work/spec.json"

report=()
if [[ -n ${HOOKLINE_FUZZ_REPORT_DIR:-} ]]; then
    mkdir -p "$HOOKLINE_FUZZ_REPORT_DIR"
    report=(--report junit --report-junit-path "$(cd "$HOOKLINE_FUZZ_REPORT_DIR" && pwd)/fuzz-junit.xml")
fi

# Run from the temp dir so no schemathesis.toml from a parent folder changes the settings
# and nothing (reports, caches) lands in the repo.
# --max-time is not used as a cap: in schemathesis 4 it makes the run repeat until the budget
# is spent. The run is bounded by --max-examples instead, with `timeout` as a safety net.
# --max-redirects 0 keeps every request on BASE even if the server answers with a redirect.
cd "$work"
set +e
timeout --kill-after=30 "$time_limit" "$st" --no-color run "$work/spec.json" \
    --url "$client_base" \
    --header "X-Auth-Token: $access_token" \
    --checks not_a_server_error,response_schema_conformance,content_type_conformance \
    --max-examples "$max_examples" \
    --seed "$seed" \
    --workers 1 \
    --max-redirects 0 \
    --request-timeout 10 \
    --generation-database none \
    ${report[@]+"${report[@]}"}
rc=$?
set -e

case $rc in
    0) echo "fuzz_api: no failures" ;;
    124|137) die "schemathesis did not finish within ${time_limit}s" ;;
    *) die "schemathesis reported failures (exit $rc); replay with HOOKLINE_FUZZ_SEED=$seed" ;;
esac
