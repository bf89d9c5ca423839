"""Drive a running Hookline with BigCommerce's own Python client library.

The library (PyPI `bigcommerce`) is used as a BigCommerce app would use it for Webhooks v3; the
only change is its base URL: Hookline's host instead of api.bigcommerce.com, and plain http on
loopback (the library hard-codes https, so `full_path` is overridden to swap the scheme).

Usage: client_library_check.py BASE_URL ADMIN_TOKEN
"""
import json
import sys
import urllib.request
from urllib.parse import urlsplit

from bigcommerce.connection import OAuthConnection
from bigcommerce.exception import ClientRequestException


class LocalConnection(OAuthConnection):
    """The library's OAuth connection with the base URL swapped for a local Hookline."""

    def full_path(self, url):
        return "http://" + self.host + self.api_path.format(self.store_hash, url)


def admin_post(base, token, path, body):
    request = urllib.request.Request(
        base + path, data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["data"]


def check(condition, message):
    if not condition:
        raise SystemExit("client library check failed: " + message)


def main():
    base, admin_token = sys.argv[1].rstrip("/"), sys.argv[2]
    store = admin_post(base, admin_token, "/admin/v1/stores", {})
    account = admin_post(base, admin_token, "/admin/v1/stores/%s/accounts" % store["store_hash"], {"name": "library"})
    api = LocalConnection(
        client_id=account["client_id"], store_hash=store["store_hash"], access_token=account["access_token"],
        host=urlsplit(base).netloc, api_path="/stores/{}/v3/{}",
        rate_limiting_management={"min_requests_remaining": 1, "wait": True})

    created = api.create("hooks", {"scope": "store/order/created", "destination": "https://example.com/orders",
                                   "is_active": True, "headers": {"X-Custom": "1"}})["data"]
    check(created["scope"] == "store/order/created" and created["client_id"] == account["client_id"], "create")
    check(api.rate_limit["requests_quota"] >= 1, "rate-limit headers read by the library")

    listed = api.get("hooks", limit=10)
    check([hook["id"] for hook in listed["data"]] == [created["id"]], "list")
    check(listed["meta"]["pagination"]["total"] == 1, "list pagination")

    fetched = api.get("hooks", created["id"])["data"]
    check(fetched == created, "get returns what create returned")

    updated = api.update("hooks", created["id"], {"is_active": False})["data"]
    check(updated["is_active"] is False and updated["destination"] == created["destination"], "update")

    deleted = api.delete("hooks", created["id"])["data"]
    check(deleted["id"] == created["id"], "delete returns the hook")
    try:
        api.get("hooks", created["id"])
        check(False, "a deleted hook must be gone")
    except ClientRequestException as error:
        check(error.response.status_code == 404, "a deleted hook answers 404")
    print("client library check: create, list, get, update, delete passed with the bigcommerce library")


if __name__ == "__main__":
    main()
