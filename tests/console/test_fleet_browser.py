#!/usr/bin/python3
"""The kiosk fleet at the centre, in a real Chromium (issue 19).

Two kiosks of office DML, each with one answer recorded by `feedback-kiosk record`, run the real
feedback-sync daemon against the real feedback-collector, which is started with a short
heartbeat interval (`--heartbeat-interval 1`: silent after 3 s without a heartbeat) and
`--office-hours always` so the run does not depend on the time of day. In headless Chromium an
IT user of DML sees /console/fleet:

- kiosk-a `ok` with its name, version and the entry it sent today; after its daemon is stopped
  (SIGTERM) the page turns it `silent` within a few seconds;
- kiosk-b, whose daemon runs under faketime 10 minutes ahead, `clock`, with an offset of about
  +600 s;
- a kiosk of another office is not listed.

An officer of DML gets 403 at /console/fleet and no link to it. `feedback-collector fleet
--json` agrees with the page.

Waiting is for conditions (the page reloaded until the state appears, with a deadline), never a
fixed sleep. Run by CTest (label `browser`); exits 0 when every check passed, 1 at the first
failure (its message says which and why).
"""

import argparse
import glob
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser_harness as h  # noqa: E402

IT_USER, IT_PASSWORD = "it-dml", "correct horse battery"
OFFICER, OFFICER_PASSWORD = "officer-dml", "another long password"
# libfaketime itself, preloaded into feedback-sync: the `faketime` wrapper forks, and stopping
# the wrapper would leave the daemon running.
FAKETIME_LIBS = glob.glob("/usr/lib/*/faketime/libfaketime.so.1")


def step(name):
    print("--", name, flush=True)


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def shot(b, name):
    keep = os.environ.get("FEEDBACK_TEST_KEEP_SHOTS")
    if keep:
        b.save_screenshot(os.path.join(keep, "fleet-%s.png" % name))


class Daemon:
    """feedback-sync as the service runs it (not --once), on one kiosk's database."""

    def __init__(self, args, workdir, device, name, token, endpoint, clock_ahead=None):
        self.dir = os.path.join(workdir, device)
        os.makedirs(self.dir, exist_ok=True)
        self.db = os.path.join(self.dir, "kiosk.db")
        token_file = os.path.join(self.dir, "token")
        with open(token_file, "w") as f:
            f.write(token + "\n")
        os.chmod(token_file, 0o600)
        self.env = h.child_env({
            "XDG_CONFIG_HOME": os.path.join(self.dir, "config"),
            "XDG_DATA_HOME": os.path.join(self.dir, "data"),
            "FEEDBACK_DEVICE_ID": device,
            "FEEDBACK_DEVICE_NAME": name,
            "FEEDBACK_SYNC_ENDPOINT": endpoint,
            "FEEDBACK_SYNC_TOKEN_FILE": token_file,
        })
        r = subprocess.run([args.kiosk, "record", "--rating", "5", "--db", self.db], capture_output=True, text=True,
                           timeout=60, env=self.env)
        expect(r.returncode == 0, "feedback-kiosk record failed for %s: %s" % (device, r.stderr))
        env = dict(self.env)
        if clock_ahead:
            # The kiosk's wall clock only: its timers (steady clock) stay real.
            env.update({"LD_PRELOAD": FAKETIME_LIBS[0], "FAKETIME": clock_ahead, "DONT_FAKE_MONOTONIC": "1"})
        self.log = open(os.path.join(self.dir, "sync.log"), "wb")
        self.proc = subprocess.Popen([args.sync, "--db", self.db, "--heartbeat-ms", "300", "--retry-base-ms", "20",
                                      "--retry-cap-ms", "300", "--idle-poll-ms", "300"],
                                     stdout=self.log, stderr=self.log, stdin=subprocess.DEVNULL, env=env)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def sign_in(b, url, user, password):
    from selenium.webdriver.common.by import By

    b.get(url)
    b.find_element(By.ID, "user").send_keys(user)
    b.find_element(By.ID, "password").send_keys(password)
    h.click_and_wait(b, "login-submit")


def row_state(b, device):
    from selenium.webdriver.common.by import By

    rows = b.find_elements(By.CSS_SELECTOR, 'tr.kiosk[data-device="%s"]' % device)
    return rows[0].get_attribute("data-state") if rows else None


def wait_for_state(b, url, device, state, within_s):
    """Reloads the fleet page until `device` shows `state`; the states seen on the way on failure."""
    deadline = time.monotonic() + within_s
    seen = []
    while True:
        b.get(url)
        current = row_state(b, device)
        if not seen or seen[-1] != current:
            seen.append(current)
        if current == state:
            return
        if time.monotonic() > deadline:
            raise AssertionError("%s did not become %r within %d s on the fleet page (seen: %s)"
                                 % (device, state, within_s, seen))
        time.sleep(0.2)  # a poll interval between page loads, not a wait for the condition


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--collector", required=True)
    parser.add_argument("--kiosk", required=True)
    parser.add_argument("--sync", required=True)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    missing = h.check_tools()
    if not FAKETIME_LIBS:
        missing.append("faketime")
    if missing:
        print("missing (deploy/install-deps.sh installs them):", ", ".join(missing))
        return 1
    workdir = tempfile.mkdtemp(prefix="fleet-browser-")
    c = h.Collector(args.collector, workdir, ["--heartbeat-interval", "1", "--office-hours", "always"])
    daemons, browser = [], None
    try:
        step("offices, tokens, an IT user and an officer; two kiosks' feedback-sync daemons running")
        for code, name in (("DML", "อบต.ดงมูลเหล็ก"), ("OTH", "อบต.อื่น")):
            r = c.run("add-office", "--db", c.db, "--code", code, "--name-th", name)
            expect(r.returncode == 0, "add-office %s failed: %s" % (code, r.stderr))
        token_a = c.add_token("kiosk-a", "--office", "DML", "--db", c.db)
        token_b = c.add_token("kiosk-b", "--office", "DML", "--db", c.db)
        c.add_token("kiosk-other", "--office", "OTH", "--db", c.db)
        for user, password, role in ((IT_USER, IT_PASSWORD, "it"), (OFFICER, OFFICER_PASSWORD, "officer")):
            r = c.run("add-user", "--db", c.db, "--user", user, "--office", "DML", "--role", role,
                      stdin=password + "\n")
            expect(r.returncode == 0, "add-user %s failed: %s" % (user, r.stderr))
        c.start()
        endpoint = c.url("/v1/batches")
        a = Daemon(args, workdir, "kiosk-a", "ช่องบริการ 1", token_a, endpoint)
        daemons.append(a)
        b_daemon = Daemon(args, workdir, "kiosk-b", "ช่องบริการ 2", token_b, endpoint, clock_ahead="+10m")
        daemons.append(b_daemon)

        step("the IT user sees kiosk-a ok, with its name and today's entry; kiosk-other is not listed")
        browser = h.start_chromium(workdir)
        from selenium.webdriver.common.by import By

        sign_in(browser, c.url("/console/login?lang=en"), IT_USER, IT_PASSWORD)
        fleet = c.url("/console/fleet")
        wait_for_state(browser, fleet, "kiosk-a", "ok", 20)
        # The entry arrives with the first batch, maybe a moment after the first heartbeat.
        deadline = time.monotonic() + 20
        while True:
            browser.get(fleet)
            row = browser.find_element(By.CSS_SELECTOR, 'tr.kiosk[data-device="kiosk-a"]')
            cell = lambda name: row.find_element(By.CSS_SELECTOR, "td." + name)
            if cell("today").text == "1":
                break
            expect(time.monotonic() < deadline, "kiosk-a's entry of today never showed (row: %r)" % row.text)
            time.sleep(0.2)
        expect("ช่องบริการ 1" in cell("device").text, "kiosk-a's name is not shown: %r" % cell("device").text)
        expect(cell("half").text == "1", "kiosk-a's half-year count is %r, not 1" % cell("half").text)
        # The last batch in B.E. local time (English month names on the English page), the UTC
        # instant in the <time> element; and the whole table within the 1000-pixel window.
        batch = cell("batch").find_element(By.TAG_NAME, "time")
        expect(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} 25\d\d B\.E\. \d\d:\d\d", batch.text),
               "kiosk-a's last batch reads %r" % batch.text)
        expect(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z", batch.get_attribute("datetime") or ""),
               "kiosk-a's last batch instant is %r" % batch.get_attribute("datetime"))
        overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        expect(overflow <= 0, "the fleet page is %d px wider than the window" % overflow)
        expect(not browser.find_elements(By.CSS_SELECTOR, 'tr.kiosk[data-device="kiosk-other"]'),
               "the IT user of DML sees OTH's kiosk")
        shot(browser, "ok")

        step("kiosk-b's clock is 10 minutes ahead: `clock`, offset about +600 s")
        wait_for_state(browser, fleet, "kiosk-b", "clock", 20)
        offset = browser.find_element(By.CSS_SELECTOR, 'tr.kiosk[data-device="kiosk-b"] td.clock').text
        expect(offset.startswith("+59") or offset.startswith("+60"), "kiosk-b's clock offset shows %r" % offset)
        shot(browser, "clock")

        step("kiosk-a's daemon stops: the page shows it silent")
        a.stop()
        wait_for_state(browser, fleet, "kiosk-a", "silent", 15)
        # Silent only once 3 intervals (3 s) have passed since its last heartbeat, as the page says.
        age = browser.find_element(By.CSS_SELECTOR, 'tr.kiosk[data-device="kiosk-a"] td.heard').text
        m = re.fullmatch(r"(\d+) s ago", age)
        expect(m and int(m.group(1)) >= 3, "kiosk-a is silent with its last heartbeat %r" % age)
        state_cell = browser.find_element(By.CSS_SELECTOR, 'tr.kiosk[data-device="kiosk-a"] td.state').text
        expect("Silent" in state_cell and "silent" in state_cell, "the state cell reads %r" % state_cell)
        shot(browser, "silent")

        step("the Thai page: Thai state words, the last batch in Thai B.E., still no sideways scrolling")
        browser.get(c.url("/console/fleet?lang=th"))
        state_cell = browser.find_element(By.CSS_SELECTOR, 'tr.kiosk[data-device="kiosk-a"] td.state').text
        expect("ขาดการติดต่อ" in state_cell, "the Thai state cell reads %r" % state_cell)
        batch = browser.find_element(By.CSS_SELECTOR, 'tr.kiosk[data-device="kiosk-a"] td.batch').text
        expect(re.fullmatch(r"\d{1,2} [ก-๙.]+ 25\d\d \d\d:\d\d", batch), "the Thai last batch reads %r" % batch)
        overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        expect(overflow <= 0, "the Thai fleet page is %d px wider than the window" % overflow)
        shot(browser, "silent-th")

        step("fleet --json agrees with the page")
        r = c.run("fleet", "--db", c.db, "--office", "DML", "--json", "--heartbeat-interval", "1",
                  "--office-hours", "always")
        expect(r.returncode == 0, "fleet --json failed: %s" % r.stderr)
        states = {k["device_id"]: k["state"] for k in json.loads(r.stdout)["kiosks"]}
        expect(states.get("kiosk-a") == "silent" and states.get("kiosk-b") == "clock",
               "fleet --json says %r" % states)

        step("an officer gets 403 at /console/fleet and no link to it")
        browser.delete_all_cookies()
        sign_in(browser, c.url("/console/login?lang=en"), OFFICER, OFFICER_PASSWORD)
        expect(not browser.find_elements(By.ID, "nav-fleet"), "the officer's pages link to the fleet")
        browser.get(fleet)
        expect(browser.find_elements(By.ID, "forbidden"), "the officer was not refused the fleet page")
        expect(not browser.find_elements(By.ID, "fleet"), "the officer sees the fleet table")
        status, headers, _ = http_status(fleet)
        expect(status == 303 and headers.get("Location", "").startswith("/console/login"),
               "a request without a session got %d %r, not the way to the sign-in page" % (status, headers))
    except AssertionError as e:
        print("FAILED:", e)
        print("collector log (tail):\n" + c.read_log()[-3000:] if c.proc else "")
        args.keep = True
        return 1
    finally:
        if browser:
            browser.quit()
        for d in daemons:
            d.stop()
        c.stop()
        h.keep_or_remove(workdir, args.keep)
    print("all checks passed")
    return 0


def http_status(url):
    """(status, headers, body) of a GET without following redirects."""
    import urllib.error
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


if __name__ == "__main__":
    sys.exit(main())
