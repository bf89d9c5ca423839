# Sourced by fuzz_api.sh and fuzz_openapi.sh: creates store $store (or finds it left over from an
# earlier run) and an API account in it on the Hookline at $base, with $admin_token, and sets
# $access_token. Needs $work (a scratch folder), $python and die().

# POST JSON to the admin API; prints the status code, leaves the body in $work/resp.json.
admin_post() {
    curl -sS --noproxy '*' --max-time 10 --max-redirs 0 \
        --retry 10 --retry-connrefused --retry-delay 1 \
        -o "$work/resp.json" -w '%{http_code}' \
        -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
        -X POST --data "$2" "$base$1"
}

status=$(admin_post /admin/v1/stores "{\"store_hash\": \"$store\"}") || die "cannot reach $base"
case $status in
    201|409) ;;  # 409: left over from an earlier run, which is fine
    *) die "creating store '$store' answered $status: $(head -c 300 "$work/resp.json")" ;;
esac

status=$(admin_post "/admin/v1/stores/$store/accounts" '{"name": "fuzz"}') || die "cannot reach $base"
[[ $status == 201 ]] || die "creating an API account answered $status: $(head -c 300 "$work/resp.json")"
access_token=$("$python" -c 'import json, sys; print(json.load(sys.stdin)["data"]["access_token"])' \
    < "$work/resp.json") || die "no data.access_token in: $(head -c 300 "$work/resp.json")"
