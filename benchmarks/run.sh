#!/usr/bin/env bash
# Hookline's benchmarks: builds Hookline in release mode, starts an nginx `return 200` receiver on
# loopback, measures wrk's request rate against it (the reference) and Hookline's durable delivery
# and publish rates in the same run, then prints a table and writes benchmarks/results.json.
#
# Usage: benchmarks/run.sh [--events N] [--hooks N]
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
missing=()
for package in nginx-light wrk libsqlite3-dev; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
if ((${#missing[@]})); then apt-get update -q && apt-get install -y -q "${missing[@]}"; fi
swift build -c release --product hookline 2>&1 | tail -n 1
exec python3 benchmarks/bench.py --binary .build/release/hookline "$@"
