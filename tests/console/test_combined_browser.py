"""The office's combined report (issue 19) in a real headless Chromium, end to end.

Two kiosks of office DML and one of office OTH get answers (`feedback-kiosk demo-data`, each its
own database, device id and seed) and deliver them with `feedback-sync --once` through their
tokens; paper questionnaires of DML are imported at the centre (`feedback-collector import`).
Each kiosk's own `report --format json` says how many respondents it has: the truth the
centre's page must add up to.

Checks, in Chromium: an officer of DML signs in, follows the console's navigation to the combined
report, shows 2569-H1 and sees the respondents of both DML kiosks plus the paper ones (and by
channel: kiosk = both kiosks, paper = the imported rows), the devices listed, never OTH's kiosk;
asking for OTH by URL still shows DML (officers see their own office); the English page; the JSON
download carries the same figures with status_tracked. An executive of every office chooses
"all offices" and sees all three kiosks and the paper.

Run by ctest (label browser) with the built programs:
  test_combined_browser.py --collector … --kiosk … --sync …
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser_harness as h  # noqa: E402

OFFICER, EXEC = "officer-dml", "exec-all"
PASSWORD = "combined report 1"
PERIOD = "2569-H1"
KIOSKS = (("kiosk-a", "KA1", "DML", 40, 11), ("kiosk-b", "KC2", "DML", 30, 12), ("kiosk-c", "KT3", "OTH", 25, 13))
PAPER_ROWS = 3


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def step(name):
    print("--", name, flush=True)


def kiosk_respondents(kiosk):
    r = subprocess.run([kiosk.binary, "report", "--period", PERIOD, "--format", "json", "--db", kiosk.db],
                       capture_output=True, text=True, timeout=60, env=kiosk.env)
    expect(r.returncode == 0, "kiosk report failed: %s" % r.stderr)
    return json.loads(r.stdout)["entries"]["respondents"]


def paper_csv(path):
    """The paper template's header (from the repository) and PAPER_ROWS answers in 2569-H1."""
    template = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "assets",
                            "paper-answers-template.csv")
    with open(template, encoding="utf-8-sig") as f:
        header = f.readline().rstrip("\r\n")
    rows = ["15/01/2569,09:30,สำนักปลัดฯ,5,5,5,4,5,รวดเร็ว,",
            "16/01/2569,10:30,สำนักปลัดฯ,4,,,,,,",
            "17/02/2569,11:00,สำนักปลัดฯ,3,,,,,,"]
    with open(path, "w", encoding="utf-8-sig") as f:
        f.write("\r\n".join([header] + rows[:PAPER_ROWS]) + "\r\n")


def sign_in(b, user):
    from selenium.webdriver.common.by import By

    b.find_element(By.ID, "user").clear()
    b.find_element(By.ID, "user").send_keys(user)
    b.find_element(By.ID, "password").send_keys(PASSWORD)
    h.click_and_wait(b, "login-submit")


def number(b, element_id):
    from selenium.webdriver.common.by import By

    return int(b.find_element(By.ID, element_id).text.replace(",", ""))


def channel_n(b, channel):
    from selenium.webdriver.common.by import By

    rows = b.find_elements(By.CSS_SELECTOR, "#combined-channel-%s td.n" % channel)
    return int(rows[0].text.replace(",", "")) if rows else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--collector", required=True)
    parser.add_argument("--kiosk", required=True)
    parser.add_argument("--sync", required=True)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    missing = h.check_tools()
    if missing:
        print("missing (deploy/install-deps.sh installs them):", ", ".join(missing))
        return 1
    workdir = tempfile.mkdtemp(prefix="combined-browser-")
    collector = h.Collector(args.collector, workdir)
    browser = None
    try:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import Select

        step("offices, tokens and users; answers on three kiosks, delivered by feedback-sync; paper imported")
        c = collector
        for code, name in (("DML", "อบต.ดงมูลเหล็ก"), ("OTH", "อบต.อื่น")):
            r = c.run("add-office", "--db", c.db, "--code", code, "--name-th", name, "--name-en", code + " office")
            expect(r.returncode == 0, "add-office %s failed: %s" % (code, r.stderr))
        for user, office, role in ((OFFICER, "DML", "officer"), (EXEC, "*", "executive")):
            r = c.run("add-user", "--db", c.db, "--user", user, "--office", office, "--role", role, stdin=PASSWORD + "\n")
            expect(r.returncode == 0, "add-user failed: %s" % r.stderr)
        tokens = {device: c.add_token(device, "--office", office, "--db", c.db) for device, _, office, _, _ in KIOSKS}
        c.start()
        respondents = {}
        for device, code, office, count, seed in KIOSKS:
            kiosk = h.Kiosk(args.kiosk, args.sync, workdir, device, code)
            r = subprocess.run([kiosk.binary, "demo-data", "--count", str(count), "--from", "2025-10-01", "--to",
                                "2026-03-31", "--seed", str(seed), "--db", kiosk.db],
                               capture_output=True, text=True, timeout=60, env=kiosk.env)
            expect(r.returncode == 0, "demo-data failed: %s" % r.stderr)
            respondents[device] = kiosk_respondents(kiosk)
            expect(respondents[device] > 0, "kiosk %s has no respondents" % device)
            kiosk.sync_once(c.url("/v1/batches"), tokens[device])
        csv = os.path.join(workdir, "paper.csv")
        paper_csv(csv)
        r = c.run("import", "--db", c.db, "--office", "DML", "--csv", csv)
        expect(r.returncode == 0 and ("%d imported" % PAPER_ROWS) in r.stdout, "import failed: %s %s" % (r.stdout, r.stderr))
        dml_kiosks = respondents["kiosk-a"] + respondents["kiosk-b"]

        step("an officer of DML: navigation -> combined report, 2569-H1: both kiosks and the paper")
        browser = b = h.start_chromium(workdir)
        b.get(c.url("/console/login"))
        sign_in(b, OFFICER)
        h.click_and_wait(b, "nav-combined")
        period = h.wait_id(b, "combined-period")
        period.clear()
        period.send_keys(PERIOD)
        h.click_and_wait(b, "combined-show")
        expect(not b.find_elements(By.ID, "combined-office"), "an officer was offered other offices")
        expect(number(b, "combined-respondents") == dml_kiosks + PAPER_ROWS,
               "respondents %d, expected %d (kiosks) + %d (paper)" % (number(b, "combined-respondents"), dml_kiosks,
                                                                     PAPER_ROWS))
        expect(channel_n(b, "kiosk") == dml_kiosks, "kiosk channel %d, expected %d" % (channel_n(b, "kiosk"), dml_kiosks))
        expect(channel_n(b, "paper") == PAPER_ROWS, "paper channel %d, expected %d" % (channel_n(b, "paper"), PAPER_ROWS))
        sources = b.find_element(By.ID, "combined-sources").text
        expect("kiosk-a" in sources and "kiosk-b" in sources and "paper:DML" in sources and "kiosk-c" not in sources,
               "devices listed: %r" % sources)
        expect("อบต.ดงมูลเหล็ก" in b.find_element(By.TAG_NAME, "h1").text, "the heading does not name the office")

        step("an officer asking for another office by URL still sees their own")
        b.get(c.url("/console/combined?period=%s&office=OTH" % PERIOD))
        expect(number(b, "combined-respondents") == dml_kiosks + PAPER_ROWS, "an officer saw another office's figures")

        step("English page, and the JSON download with the same figures and the handling")
        h.click_and_wait(b, "lang-toggle")
        expect("Respondents" in b.page_source and "Paper questionnaire" in b.page_source, "no English page")
        b.get(c.url("/console/combined?period=%s&format=json" % PERIOD))
        doc = json.loads(b.find_element(By.TAG_NAME, "pre").text if b.find_elements(By.TAG_NAME, "pre")
                         else b.find_element(By.TAG_NAME, "body").text)
        expect(doc["entries"]["respondents"] == dml_kiosks + PAPER_ROWS, "JSON respondents differ from the page")
        expect(doc["complaints"]["status_tracked"] is True and "handling" in doc["complaints"],
               "JSON without the handling figures")
        b.get(c.url("/console/login"))
        for form in b.find_elements(By.ID, "logout-form"):
            form.submit()

        step("an executive of every office: all offices = three kiosks and the paper")
        b.delete_all_cookies()
        b.get(c.url("/console/login"))
        sign_in(b, EXEC)
        h.click_and_wait(b, "nav-combined")
        period = h.wait_id(b, "combined-period")
        period.clear()
        period.send_keys(PERIOD)
        Select(b.find_element(By.ID, "combined-office")).select_by_value("*")
        h.click_and_wait(b, "combined-show")
        total = sum(respondents.values()) + PAPER_ROWS
        expect(number(b, "combined-respondents") == total,
               "all offices: %d respondents, expected %d" % (number(b, "combined-respondents"), total))
        Select(b.find_element(By.ID, "combined-office")).select_by_value("OTH")
        h.click_and_wait(b, "combined-show")
        expect(number(b, "combined-respondents") == respondents["kiosk-c"], "office OTH chosen by an executive")
        expect(channel_n(b, "paper") == 0, "OTH shows DML's paper")
    except (AssertionError, Exception) as e:  # any failure keeps the files for a person to look at
        print("FAILED:", e)
        if browser:
            print("Chromium was at", browser.current_url, "showing:",
                  browser.find_element("tag name", "body").text[:600])
        print("collector log (tail):\n" + collector.read_log()[-3000:] if collector.proc else "")
        args.keep = True
        return 1
    finally:
        if browser:
            browser.quit()
        collector.stop()
        h.keep_or_remove(workdir, args.keep)
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
