#!/usr/bin/env python3
"""Drive Hookline's dashboard in a real browser: Debian's Chromium through its chromedriver
(selenium, pointed at both binaries, so nothing is ever downloaded).

Against a running Hookline in demo mode (`serve --demo`: delivery on, private http destinations
allowed, the default retry schedule so that a second attempt can only come from the retry button):
- a receiver on loopback answers the first delivery 500 with `<script>…</script>` and later ones 200;
- without a session a dashboard page shows the login form and none of the store's data;
- log in; the overview, the stores, the store, the webhook with its failed attempt, the delivery,
  the event with its payload;
- the receiver's `<script>` shows as text and runs nothing (no script element, no side effect);
- press retry and see the new attempt;
- an event emitted to the demo store reaches the built-in demo receiver, and the receiver's page
  (linked from the overview) lists it with its webhook-id and signature; log out.
A screenshot of each page is written to OUT_DIR (and each must be a real PNG of some size).

Usage: dashboard_check.py BASE_URL ADMIN_TOKEN OUT_DIR
Exit status: 0 passed, 1 a check failed.
"""

from __future__ import annotations

import http.server
import json
import os
import sys
import threading
import time
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

CHROMIUM = os.environ.get("HOOKLINE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("HOOKLINE_CHROMEDRIVER", "/usr/bin/chromedriver")
SCRIPT_ANSWER = "<script>document.title='pwned';window.hooklinePwned=1</script><b>bold?</b>"
MIN_SCREENSHOT_BYTES = 8_000
DEADLINE_SECONDS = 30


class Receiver(http.server.BaseHTTPRequestHandler):
    """Answers the first delivery 500 with a script, every later one 200."""

    received: list[bytes] = []
    lock = threading.Lock()

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with Receiver.lock:
            Receiver.received.append(body)
            first = len(Receiver.received) == 1
        status, text = (500, SCRIPT_ANSWER) if first else (200, "ok")
        payload = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


def call(base: str, method: str, path: str, body: dict | None = None, headers: dict | None = None) -> dict:
    request = urllib.request.Request(
        base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        text = response.read().decode()
    return json.loads(text) if text else {}


def eventually(what: str, condition, seconds: float = DEADLINE_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def check(condition: bool, message: str):
    if not condition:
        raise AssertionError(message)


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__.split("\n\n")[-2], file=sys.stderr)
        return 2
    base, admin_token, out_dir = sys.argv[1].rstrip("/"), sys.argv[2], Path(sys.argv[3])
    out_dir.mkdir(parents=True, exist_ok=True)
    admin = {"Authorization": f"Bearer {admin_token}"}

    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    destination = f"http://127.0.0.1:{receiver.server_address[1]}/hooks?who=<b>me</b>"

    store = f"browser{int(time.time())}"
    call(base, "POST", "/admin/v1/stores", {"store_hash": store}, admin)
    account = call(base, "POST", f"/admin/v1/stores/{store}/accounts", {"name": "shop <i>frontend</i>"}, admin)["data"]
    hook = call(base, "POST", f"/stores/{store}/v3/hooks",
                {"scope": "store/order/created", "destination": destination, "is_active": True,
                 "headers": {"X-Note": "<img src=x onerror=alert(1)>"}},
                {"X-Auth-Token": account["access_token"]})["data"]
    call(base, "POST", f"/admin/v1/stores/{store}/events",
         {"id": "order-<1>", "scope": "store/order/created", "data": {"type": "order", "id": 1}}, admin)
    attempts_path = f"/admin/v1/stores/{store}/hooks/{hook['id']}/attempts"
    eventually("the first attempt", lambda: call(base, "GET", attempts_path, headers=admin)["data"])

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,900", "--no-first-run", "--disable-extensions"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    shots: list[Path] = []

    def shot(name: str):
        path = out_dir / f"dashboard-{len(shots) + 1:02d}-{name}.png"
        driver.save_screenshot(str(path))
        shots.append(path)

    def no_script_ran():
        check(driver.find_elements(By.TAG_NAME, "script") == [], "the page has a script element")
        check(driver.execute_script("return window.hooklinePwned === undefined"), "the receiver's script ran")
        check(driver.title != "pwned", "the receiver's script changed the title")

    try:
        hook_page = f"{base}/dashboard/stores/{store}/hooks/{hook['id']}"
        driver.get(hook_page)
        check(driver.current_url.endswith("/dashboard/login"), f"without a session, {hook_page} went to {driver.current_url}")
        source = driver.page_source
        check(store not in source and "127.0.0.1:" not in source, "the login page shows the store's data")
        shot("signed-out")

        driver.find_element(By.ID, "token").send_keys("not the token")
        driver.find_element(By.CSS_SELECTOR, "form.card button").click()
        eventually("the wrong token's refusal", lambda: "not the admin token" in driver.page_source, 10)
        driver.find_element(By.ID, "token").send_keys(admin_token)
        driver.find_element(By.CSS_SELECTOR, "form.card button").click()
        eventually("the overview after logging in", lambda: driver.current_url.endswith("/dashboard"), 10)
        check(driver.find_elements(By.CSS_SELECTOR, "svg.chart rect.failed"), "the overview has no chart")
        check(driver.find_element(By.ID, "success-ratio").text.endswith("%"), "the overview shows no success ratio")
        cookie = driver.get_cookie("hookline_session")
        check(cookie is not None and cookie["httpOnly"] and cookie.get("sameSite") == "Strict", f"session cookie: {cookie}")
        shot("overview")

        driver.find_element(By.LINK_TEXT, "Stores").click()
        driver.find_element(By.LINK_TEXT, store).click()
        check("shop <i>frontend</i>" in driver.find_element(By.TAG_NAME, "main").text, "the account name is not shown as text")
        shot("store")
        driver.find_element(By.LINK_TEXT, f"#{hook['id']}").click()
        main_text = driver.find_element(By.TAG_NAME, "main").text
        check(destination in main_text, "the destination is not shown as text")
        check("<img src=x onerror=alert(1)>" in main_text, "the custom header is not shown as text")
        check(SCRIPT_ANSWER in main_text, "the receiver's answer is not shown as text")
        check(driver.find_elements(By.CSS_SELECTOR, "main img, main b") == [], "client or receiver markup became elements")
        no_script_ran()
        rows = driver.find_elements(By.CSS_SELECTOR, "table.attempts tbody tr")
        check(len(rows) == 1 and "failed" in rows[0].text, f"the webhook's attempts: {[r.text for r in rows]}")
        shot("webhook")

        driver.get(hook_page + "?outcome=succeeded")
        check("No attempts." in driver.page_source, "filtering by outcome kept the failed attempt")
        driver.get(hook_page)

        driver.find_element(By.CSS_SELECTOR, "table.attempts tbody tr td:nth-child(2) a").click()
        eventually("the delivery page", lambda: "/deliveries/" in driver.current_url, 10)
        no_script_ran()
        shot("delivery")
        driver.find_element(By.ID, "retry").click()
        eventually("retry's confirmation", lambda: "The delivery is due now." in driver.page_source, 10)

        def second_attempt():
            driver.refresh()
            rows = driver.find_elements(By.CSS_SELECTOR, "table.attempts tbody tr")
            return len(rows) == 2 and any("succeeded" in row.text for row in rows)
        eventually("the retried attempt on the delivery page", second_attempt)
        check(driver.find_element(By.ID, "delivery-state").text == "succeeded", "the delivery did not succeed")
        shot("delivery-retried")

        event_link = driver.find_element(By.CSS_SELECTOR, "dl.facts a")
        event_link.click()
        check("order-<1>" in driver.find_element(By.TAG_NAME, "h1").text, "the event page does not show the event id")
        check('"scope" : "store/order/created"' in driver.find_element(By.ID, "payload").text, "the event page does not show its payload")
        shot("event")

        def demo_requests() -> list[dict]:
            return call(base, "GET", "/admin/v1/demo/receiver", headers=admin)["data"]
        seen = {request["headers"].get("webhook-id") for request in demo_requests()}
        call(base, "POST", "/admin/v1/stores/demo/events",
             {"id": f"demo-{time.time_ns()}", "scope": "store/order/created", "data": {"type": "order", "id": 7}}, admin)

        def demo_request():
            return next((r for r in demo_requests() if r["headers"].get("webhook-id") not in seen), None)
        received = eventually("the emitted event at the demo receiver", demo_request)
        driver.get(base + "/dashboard")
        driver.find_element(By.ID, "demo-receiver").click()
        eventually("the demo receiver page", lambda: driver.current_url.endswith("/dashboard/demo/receiver"), 10)
        rows = driver.find_elements(By.CSS_SELECTOR, "table.demo-requests tbody tr")
        row = next((r for r in rows if received["headers"]["webhook-id"] in r.text), None)
        check(row is not None, f"the demo receiver page does not list {received['headers']['webhook-id']}: {[r.text for r in rows]}")
        check(received["headers"]["webhook-signature"] in row.text, "the demo request's signature is not shown")
        check("store/order/created" in row.text, "the demo request's body excerpt is not shown")
        no_script_ran()
        shot("demo-receiver")

        driver.set_window_size(390, 844)
        driver.get(hook_page)
        shot("webhook-phone")
        driver.set_window_size(1280, 900)

        driver.find_element(By.CSS_SELECTOR, "header form button").click()
        eventually("the login page after logging out", lambda: driver.current_url.endswith("/dashboard/login"), 10)
        driver.get(hook_page)
        check(driver.current_url.endswith("/dashboard/login"), "after logging out the webhook page still showed")
    finally:
        driver.quit()
        receiver.shutdown()

    for path in shots:
        size = path.stat().st_size
        check(path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and size >= MIN_SCREENSHOT_BYTES,
              f"{path.name}: {size} bytes, not a real screenshot")
        print(f"screenshot {path} ({size} bytes)")
    print(f"dashboard browser check: {len(shots)} pages, 1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except AssertionError as error:
        print(f"dashboard browser check FAILED: {error}", file=sys.stderr)
        sys.exit(1)
