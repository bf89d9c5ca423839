#!/usr/bin/env bash
# Hookline's benchmarks: installs what is missing (nginx-light, wrk, PostgreSQL), builds hookline and
# hookline-bench in release mode, starts a throwaway PostgreSQL cluster when the postgres run is
# selected and no --postgres-url is given, and runs benchmarks/bench.py: each figure measured
# beside its reference in the same run, printed as a table and written to benchmarks/results.json.
#
# Usage: benchmarks/run.sh [bench.py options]     (python3 benchmarks/bench.py --help lists them)
#   benchmarks/run.sh                                   every run at full size
#   benchmarks/run.sh --only latency,isolation          some runs (with the runs they compare with)
#   benchmarks/run.sh --seconds 3 --events 2000 --publish-batches 5 --latency-seconds 5 \
#       --latency-repeats 1 --latency-drain-timeout 10 --backlog-deliveries 20000      a quick smoke run
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

# Is the postgres run selected, with no server given?
start_postgres=1
only=
arguments=("$@")
for ((i = 0; i < ${#arguments[@]}; i++)); do
    case ${arguments[i]} in
        --postgres-url | --postgres-url=*) start_postgres=0 ;;
        --only) only=${arguments[i + 1]:-} ;;
        --only=*) only=${arguments[i]#--only=} ;;
    esac
done
if [[ -n $only && ,$only, != *,postgres,* && ,$only, != *,all,* ]]; then start_postgres=0; fi

missing=()
for package in nginx-light wrk libsqlite3-dev; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
if ((start_postgres)) && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then missing+=(postgresql); fi
if ((${#missing[@]})); then apt-get update -q && apt-get install -y -q "${missing[@]}"; fi

swift build -c release --product hookline 2>&1 | tail -n 1
swift build -c release --product hookline-bench 2>&1 | tail -n 1

postgres_arguments=()
pgwork=
pgbin=
# Runs a command as the postgres user when root (initdb refuses to run as root), else as ourselves.
as_postgres() { if [[ $(id -u) -eq 0 ]]; then su postgres -c "$1"; else bash -c "$1"; fi; }
cleanup() {
    if [[ -n $pgwork ]]; then
        as_postgres "$pgbin/pg_ctl -D $pgwork/data -m fast stop" >/dev/null 2>&1 || true
        rm -rf "$pgwork"
    fi
}
trap cleanup EXIT
if ((start_postgres)); then
    pgbin=$(ls -d /usr/lib/postgresql/*/bin | tail -n 1)
    pgwork=$(mktemp -d /tmp/hookline-bench-pg.XXXXXX)
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$pgwork"; fi
    as_postgres "$pgbin/initdb -D $pgwork/data -U postgres --auth=trust -E UTF8 >/dev/null"
    pgport=55432
    while (echo >"/dev/tcp/127.0.0.1/$pgport") 2>/dev/null; do pgport=$((pgport + 1)); done
    # Default fsync and synchronous_commit: the figure claims durability, as the SQLite one does.
    as_postgres "$pgbin/pg_ctl -D $pgwork/data -o '-p $pgport -k $pgwork -c listen_addresses=127.0.0.1' -l $pgwork/log -w start" >/dev/null
    postgres_arguments=(--postgres-url "postgres://postgres@127.0.0.1:$pgport/postgres")
fi

python3 benchmarks/bench.py --binary .build/release/hookline --bench-binary .build/release/hookline-bench \
    "${postgres_arguments[@]}" "$@"
