#!/usr/bin/python3
"""The public results page in a real Chromium (issue 19, item 3).

Ratings (and one complaint, and comments) are sent to the real feedback-collector as a kiosk of
office DML would send them (POST /v1/batches with the device's token, sync/PROTOCOL.md): 15
answers in the last completed fiscal half (12 at สำนักปลัดฯ, 3 at กองคลัง — a slice of 3) and 7
in the current half. In headless Chromium:

- before `feedback-collector publish --office DML on` the page is not found, and it is the same
  page as for an office that does not exist;
- once published, /public/DML shows both halves with B.E. years, respondents, mean, level and
  ร้อยละ as the kiosk's report computes them (checked against figures worked out here), "น้อยกว่า
  5" in place of กองคลัง's figures and of the dimension only 3 answered, and no comment or
  complaint text anywhere in the page; the English link (no JavaScript) shows "fewer than 5";
- on a 360-pixel-wide phone viewport nothing is wider than the screen;
- the JSON gives the same figures, the slice of 3 as null figures with suppressed: true;
- the embed fragment works inside an <iframe> of a page from another origin, while the full page
  refuses to be framed; the collector sets no cookie;
- `publish … off` gives the not-found page again.

Run by CTest (label `browser`) with the collector's path. Exits 0 when every check passed, 1 at
the first failure (its message says which and why).
"""

import datetime
import http.server
import json
import os
import sys
import threading
import urllib.error
import urllib.request
import uuid
from decimal import ROUND_HALF_UP, Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser_harness as h  # noqa: E402

OFFICE = "DML"
OFFICE_NAME = "อบต.ดงมูลเหล็ก"
DEVICE = "kiosk-public"
COMMENT = "ความเห็นส่วนตัวห้ามเผยแพร่"
COMPLAINT_TEXT = "เรื่องร้องเรียนลับห้ามเผยแพร่"
BANGKOK = datetime.timezone(datetime.timedelta(hours=7))

# (service point, rating, dimensions) per answer.
LAST_HALF = ([("palad", r, {"staff": r}) for r in (5, 5, 5, 4, 4, 4, 4, 3, 5, 5, 4, 4)] +
             [("finance", r, {"staff": r, "process": r}) for r in (2, 3, 3)])
CURRENT_HALF = ([("palad", r, {"staff": r}) for r in (5, 5, 4, 4, 4, 5)] + [("engineering", 3, {"staff": 3})])


def two_dp(x):
    """Half away from zero to 2 decimals, as the kiosk's report prints (core::round_2dp)."""
    return Decimal(str(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def expected(ratings):
    mean = two_dp(Decimal(sum(ratings)) / Decimal(len(ratings)))
    return {"n": len(ratings), "mean": "%.2f" % mean, "percent": "%.2f" % two_dp(mean / 5 * 100)}


def halves(now):
    """(start of the last completed half, start of the current half) as local datetimes."""
    local = now.astimezone(BANGKOK)
    if local.month >= 10:
        current = datetime.datetime(local.year, 10, 1, tzinfo=BANGKOK)
    elif local.month >= 4:
        current = datetime.datetime(local.year, 4, 1, tzinfo=BANGKOK)
    else:
        current = datetime.datetime(local.year - 1, 10, 1, tzinfo=BANGKOK)
    last = (datetime.datetime(current.year, 4, 1, tzinfo=BANGKOK) if current.month == 10
            else datetime.datetime(current.year - 1, 10, 1, tzinfo=BANGKOK))
    return last, current


def iso(t):
    return t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def entry(created, point, rating, dims, comment=""):
    return {"id": str(uuid.uuid4()), "kind": "rating", "created_utc": iso(created), "utc_offset_min": 420,
            "device_id": DEVICE, "service_point": point, "rating": rating, "dimensions": dims, "reasons": [],
            "comment": comment, "language": "th", "misuse": False, "survey_version": "2026.1", "channel": "kiosk",
            "complaint": None}


def complaint(created):
    return {"id": str(uuid.uuid4()), "kind": "complaint", "created_utc": iso(created), "utc_offset_min": 420,
            "device_id": DEVICE, "service_point": "palad", "rating": None, "dimensions": {}, "reasons": [],
            "comment": "", "language": "th", "misuse": False, "survey_version": "2026.1", "channel": "kiosk",
            "complaint": {"category": "rude", "occurred": "", "service_point": "palad",
                          "description": COMPLAINT_TEXT, "anonymous": True, "contact_name": "",
                          "contact_phone": "", "reference": "PUB-0001", "sensitive": False}}


def http_get(url):
    try:
        with urllib.request.urlopen(urllib.request.Request(url), timeout=60) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8")


def shot(b, name):
    """With FEEDBACK_TEST_KEEP_SHOTS=DIR, keeps what Chromium shows as DIR/public-<name>.png, to be
    looked at by a person (the assertions do not depend on it)."""
    keep = os.environ.get("FEEDBACK_TEST_KEEP_SHOTS")
    if keep:
        b.save_screenshot(os.path.join(keep, "public-%s.png" % name))


def step(name):
    print("--", name, flush=True)


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


class Run:
    def __init__(self, args, workdir):
        self.workdir = workdir
        self.collector = h.Collector(args.collector, workdir)
        self.browser = None
        self.host = None

    def close(self):
        if self.browser:
            self.browser.quit()
        if self.host:
            self.host.shutdown()
            self.host.server_close()
        self.collector.stop()


def send_entries(run):
    step("office DML and its kiosk's token; 22 answers, comments and a complaint sent as batches")
    c = run.collector
    r = c.run("add-office", "--db", c.db, "--code", OFFICE, "--name-th", OFFICE_NAME, "--name-en", "Dong Mun Lek SAO")
    expect(r.returncode == 0, "add-office failed: %s" % r.stderr)
    r = c.run("add-office", "--db", c.db, "--code", "OTH", "--name-th", "อบต.อื่น")
    expect(r.returncode == 0, "add-office OTH failed: %s" % r.stderr)
    token = c.add_token(DEVICE, "--office", OFFICE, "--db", c.db)
    c.start()
    now = datetime.datetime.now(datetime.timezone.utc)
    last, current = halves(now)
    entries = []
    for i, (point, rating, dims) in enumerate(LAST_HALF):
        entries.append(entry(last + datetime.timedelta(days=10, minutes=i), point, rating, dims,
                             COMMENT if i % 4 == 0 else ""))
    entries.append(complaint(last + datetime.timedelta(days=11)))
    # Between the start of the current half and now: always inside it, never in the future.
    middle = current + (now - current) / 2
    for i, (point, rating, dims) in enumerate(CURRENT_HALF):
        entries.append(entry(middle + datetime.timedelta(seconds=i), point, rating, dims, COMMENT if i == 0 else ""))
    batch = {"version": 1, "batch_id": str(uuid.uuid4()), "device_id": DEVICE, "app_version": "0.1.0",
             "sent_utc": iso(now), "entries": entries}
    request = urllib.request.Request(c.url("/v1/batches"), data=json.dumps(batch).encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": "Bearer " + token,
                                              "Idempotency-Key": batch["batch_id"]})
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.loads(response.read().decode("utf-8"))
    accepted = [x for x in answer["results"] if x["status"] == "accepted"]
    expect(len(accepted) == len(entries), "the collector accepted %d of %d entries: %s" %
           (len(accepted), len(entries), answer["results"]))
    run.browser = h.start_chromium(run.workdir)


def not_published(run):
    step("before publish: /public/DML is the same not-found page as an office that does not exist")
    c = run.collector
    status, headers, body = http_get(c.url("/public/" + OFFICE))
    unknown = http_get(c.url("/public/NOPE"))
    expect(status == 404 and unknown[0] == 404, "unpublished %d, unknown %d: expected 404 for both" % (status, unknown[0]))
    expect(body == unknown[2], "an unpublished office's 404 differs from an unknown office's")
    expect(http_get(c.url("/public/%s.json" % OFFICE))[0] == 404, "the JSON of an unpublished office is served")
    b = run.browser
    b.get(c.url("/public/" + OFFICE))
    shot(b, "not-found")
    expect("ไม่พบหน้านี้" in b.page_source and OFFICE_NAME not in b.page_source,
           "Chromium shows something other than the not-found page for an unpublished office")


def published_page(run):
    step("publish on: the page shows both halves' figures, น้อยกว่า 5 for the slice of 3, no comment or complaint")
    from selenium.webdriver.common.by import By

    c = run.collector
    r = c.run("publish", "--db", c.db, "--office", OFFICE, "on")
    expect(r.returncode == 0, "publish on failed: %s" % r.stderr)
    b = run.browser
    b.get(c.url("/public/" + OFFICE))
    shot(b, "page")
    source = b.page_source
    text = b.find_element(By.TAG_NAME, "body").text
    expect(OFFICE_NAME in text, "the office's name is not on the page")
    halves_shown = b.find_elements(By.CSS_SELECTOR, "section.half")
    expect(len(halves_shown) == 2, "%d halves on the page, expected 2" % len(halves_shown))
    last_text, current_text = halves_shown[0].text, halves_shown[1].text
    last, current = halves(datetime.datetime.now(datetime.timezone.utc))
    expect("พ.ศ. %d" % (last.year + 543 + (1 if last.month == 10 else 0)) in last_text,
           "the completed half's title has no B.E. fiscal year: %r" % last_text[:200])

    overall = expected([r for _, r, _ in LAST_HALF])
    palad = expected([r for p, r, _ in LAST_HALF if p == "palad"])
    expect("ร้อยละ %s" % overall["percent"] in last_text, "overall ร้อยละ %s missing: %r" % (overall["percent"], last_text))
    expect("ผู้ตอบ %d คน" % overall["n"] in last_text and overall["mean"] in last_text,
           "overall respondents %d / mean %s missing" % (overall["n"], overall["mean"]))
    rows = {row.find_element(By.TAG_NAME, "th").text: row.text for row in halves_shown[0].find_elements(By.CSS_SELECTOR, "tbody tr")}
    expect("สำนักปลัดฯ" in rows, "the service point's label (not its id) is missing: %s" % list(rows))
    expect("%d %s มากที่สุด %s" % (palad["n"], palad["mean"], palad["percent"]) in rows["สำนักปลัดฯ"],
           "สำนักปลัดฯ row %r, expected %s" % (rows["สำนักปลัดฯ"], palad))
    expect(rows.get("กองคลัง", "").endswith("น้อยกว่า 5"), "กองคลัง (3 answers) row: %r" % rows.get("กองคลัง"))
    expect("2.67" not in rows["กองคลัง"] and " 3 " not in rows["กองคลัง"] + " ",
           "a figure of the slice of 3 is shown: %r" % rows["กองคลัง"])
    process = [t for label, t in rows.items() if "กระบวนการ" in label]
    expect(process and process[0].endswith("น้อยกว่า 5"), "the dimension answered 3 times is not withheld: %r" % process)

    now_palad = expected([r for p, r, _ in CURRENT_HALF if p == "palad"])
    now_rows = {row.find_element(By.TAG_NAME, "th").text: row.text
                for row in halves_shown[1].find_elements(By.CSS_SELECTOR, "tbody tr")}
    expect("%d %s" % (now_palad["n"], now_palad["mean"]) in now_rows.get("สำนักปลัดฯ", ""),
           "current half สำนักปลัดฯ %r, expected %s" % (now_rows.get("สำนักปลัดฯ"), now_palad))
    expect(now_rows.get("กองช่าง", "").endswith("น้อยกว่า 5"), "กองช่าง (1 answer) row: %r" % now_rows.get("กองช่าง"))
    expect("ข้อมูลถึงวันที่" in current_text, "the current half does not say up to which day")

    for secret in (COMMENT, COMPLAINT_TEXT, DEVICE, "PUB-0001"):
        expect(secret not in source, "the public page contains %r" % secret)
    expect(not b.find_elements(By.TAG_NAME, "script"), "the page has a script")

    h.click_and_wait(b, (By.LINK_TEXT, "English"))
    shot(b, "page-en")
    english = b.find_element(By.TAG_NAME, "body").text
    expect("fewer than 5" in english and "Dong Mun Lek SAO" in english, "the English page lacks its wording")
    expect(b.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en", "the English page is not lang=en")
    expect(COMMENT not in b.page_source, "the English page contains a comment")


def phone(run):
    step("a 360-pixel phone screen: nothing wider than the screen")
    b = run.browser
    b.set_window_size(360, 740)
    b.get(run.collector.url("/public/" + OFFICE))
    inner, scroll = b.execute_script("return [window.innerWidth, document.documentElement.scrollWidth]")
    shot(b, "phone")
    expect(scroll <= inner, "the page is %d pixels wide on a %d-pixel screen" % (scroll, inner))
    b.set_window_size(1000, 1200)


def json_figures(run):
    step("the JSON: the same figures, the slice of 3 as null figures with suppressed: true")
    status, headers, body = http_get(run.collector.url("/public/%s.json" % OFFICE))
    expect(status == 200, "JSON status %d" % status)
    expect(headers.get("Content-Type", "").startswith("application/json"), "JSON content type %r" % headers.get("Content-Type"))
    expect(headers.get("Access-Control-Allow-Origin") == "*", "the JSON cannot be fetched by an office website")
    data = json.loads(body)
    expect(data["format"] == "feedback-public-results" and data["office"]["code"] == OFFICE, "JSON header %r" % data)
    done = data["halves"][0]
    overall = expected([r for _, r, _ in LAST_HALF])
    expect(done["complete"] and done["overall"]["n"] == overall["n"] and
           "%.2f" % done["overall"]["mean"] == overall["mean"], "JSON overall %r" % done["overall"])
    points = {p["id"]: p for p in done["service_points"]}
    expect(points["finance"]["suppressed"] is True and points["finance"]["n"] is None and points["finance"]["mean"] is None,
           "JSON finance (3 answers) %r" % points["finance"])
    expect(points["palad"]["n"] == 12 and points["palad"]["label_th"] == "สำนักปลัดฯ", "JSON palad %r" % points["palad"])
    for secret in (COMMENT, COMPLAINT_TEXT, DEVICE):
        expect(secret not in body, "the JSON contains %r" % secret)


class HostPage(http.server.BaseHTTPRequestHandler):
    """An office website on another origin that frames the fragment and the full page."""
    collector_url = ""

    def do_GET(self):
        body = ("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><h1>Office website</h1>"
                "<iframe id='embed' src='%s/public/%s/embed' width='600' height='900'></iframe>"
                "<iframe id='full' src='%s/public/%s' width='600' height='300'></iframe></body></html>"
                % (self.collector_url, OFFICE, self.collector_url, OFFICE)).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def embedded(run):
    step("the fragment inside an iframe of another origin; the full page refuses to be framed; no cookies")
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    HostPage.collector_url = "http://127.0.0.1:%d" % run.collector.port
    # "localhost" for the host page: another origin than the collector's 127.0.0.1.
    run.host = http.server.ThreadingHTTPServer(("127.0.0.1", 0), HostPage)
    threading.Thread(target=run.host.serve_forever, daemon=True).start()
    b = run.browser
    b.get("http://localhost:%d/" % run.host.server_address[1])
    WebDriverWait(b, 20).until(expected_conditions.frame_to_be_available_and_switch_to_it((By.ID, "embed")))
    WebDriverWait(b, 20).until(lambda d: "น้อยกว่า 5" in d.find_element(By.TAG_NAME, "body").text)
    framed = b.find_element(By.TAG_NAME, "body").text
    expect("ร้อยละ" in framed and "สำนักปลัดฯ" in framed, "the fragment shows no figures: %r" % framed[:300])
    expect(COMMENT not in b.page_source, "the fragment contains a comment")
    b.switch_to.default_content()
    shot(b, "embedded")
    b.switch_to.frame(b.find_element(By.ID, "full"))
    expect("สำนักปลัดฯ" not in b.page_source, "the full page was shown inside another site's frame")
    b.switch_to.default_content()
    b.get(run.collector.url("/public/" + OFFICE))
    expect(not b.get_cookies(), "the collector set cookies: %r" % b.get_cookies())


def unpublished_again(run):
    step("publish off: the not-found page again")
    c = run.collector
    r = c.run("publish", "--db", c.db, "--office", OFFICE, "off")
    expect(r.returncode == 0, "publish off failed: %s" % r.stderr)
    for path in ("/public/" + OFFICE, "/public/%s.json" % OFFICE, "/public/%s/embed" % OFFICE):
        status = http_get(c.url(path))[0]
        expect(status == 404, "%s answers %d after publish off" % (path, status))
    # Chromium may show its copy of a page it has seen for max-age seconds (README says so); a
    # URL it has not seen shows what the collector answers now.
    b = run.browser
    b.get(c.url("/public/%s?lang=th" % OFFICE))
    expect("ไม่พบหน้านี้" in b.page_source and "สำนักปลัดฯ" not in b.page_source, "the page stayed after publish off")


CHECKS = [send_entries, not_published, published_page, phone, json_figures, embedded, unpublished_again]


def main():
    return h.run_checks(__doc__, ["collector"], "public-browser-", Run, CHECKS)


if __name__ == "__main__":
    sys.exit(main())
