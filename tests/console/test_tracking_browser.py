#!/usr/bin/python3
"""Public complaint tracking and the staff console end to end, in a real Chromium (issue 18).

Complaints are filed on the kiosk's real screens by the scripted UI driver (one ordinary, one
bribery — sensitive — on a kiosk of office DML, one on a kiosk of office OTH), the reference
screen is screenshotted and its QR code decoded with zbarimg; feedback-sync delivers them to the
real feedback-collector. In headless Chromium: the decoded URL shows reference, category, filed
date and status but never the description or contact details, the English link works without
JavaScript, a wrong key and an unknown reference give the same not-found page. An officer of
DML (made with `add-user`, password on stdin) signs in at /console/login, finds the complaint in
/console/complaints, accepts, starts and resolves it with public responses; the tracking URL
then shows ดำเนินการแล้วเสร็จ and the response but not the description nor the internal note.
The officer never sees the bribery complaint nor OTH's, a form posted without its CSRF token is
refused, the sixth wrong password is locked out, and the tracking page's per-address limit
answers 429.

Run by CTest (label `browser`) with the three programs' paths. Exits 0 when every check
passed, 1 at the first failure (its message says which and why).
"""

import os
import re
import sys
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser_harness as h  # noqa: E402

DESCRIPTION_TYPED = "ขึ้นเสียงใส่ผู้สูงอายุ"
DESCRIPTION_CHIP = "เจ้าหน้าที่พูดจาไม่สุภาพ"
CONTACT_NAME = "สมหญิง ใจดี"
CONTACT_PHONE = "0812345678"
TRACK_LIMIT = 20  # lookups per address per minute for this run (--track-limit)
OFFICER = "officer-dml"
OFFICER_PASSWORD = "correct horse battery"
RESPONSES = ["รับเรื่องแล้ว จะตรวจสอบภายใน 7 วัน", "กำลังสอบข้อเท็จจริงกับหัวหน้าสำนักปลัด",
             "ได้ตักเตือนเจ้าหน้าที่และจัดอบรมการบริการแล้ว ขออภัยในความไม่สะดวก"]
INTERNAL_NOTE = "บันทึกภายใน ห้ามเผยแพร่"
OTHER_OFFICE_COMPLAINT = """\
tap complaint.start
tap complaint.category.delay
tap complaint.next
tap complaint.chip.waited_long
tap complaint.next
tap complaint.anonymous
expect-screen complaint-done
screenshot {done}
"""

FILE_COMPLAINTS = """\
tap complaint.start
tap complaint.category.rude
tap complaint.when.today
tap complaint.service.palad
tap complaint.next
tap complaint.chip.impolite_words
type {typed}
tap complaint.next
expect-screen complaint-contact-choice
tap complaint.with-contact
expect-screen complaint-pdpa
tap pdpa.accept
expect-screen complaint-contact
type {name}
tap complaint.field.phone
type {phone}
tap complaint.submit
expect-screen complaint-done
screenshot {done}
tap complaint.finish
expect-screen welcome
tap complaint.start
tap complaint.category.bribery
tap complaint.next
tap complaint.chip.asked_money
tap complaint.next
tap complaint.anonymous
expect-screen complaint-done
screenshot {bribery}
"""


def http_get(url):
    """(status, headers, body) of a GET, whatever the status."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url), timeout=10) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8")


class Run:
    """The state one run builds up, shared by the checks (and by the console checks later)."""

    def __init__(self, args, workdir):
        self.args = args
        self.workdir = workdir
        self.collector = h.Collector(args.collector, workdir, ["--track-limit", str(TRACK_LIMIT)])
        self.browser = None

    def close(self):
        if self.browser:
            self.browser.quit()
        self.collector.stop()


def shot(b, name):
    """With FEEDBACK_TEST_KEEP_SHOTS=DIR, keeps what Chromium shows as DIR/console-<name>.png, to
    be looked at by a person (the assertions do not depend on it)."""
    keep = os.environ.get("FEEDBACK_TEST_KEEP_SHOTS")
    if keep:
        b.save_screenshot(os.path.join(keep, "console-%s.png" % name))


def step(name):
    print("--", name, flush=True)


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def file_and_sync(run):
    step("offices, tokens and an officer; complaints filed on two kiosks' screens, QR codes decoded, synced")
    c = run.collector
    for code, name in (("DML", "อบต.ดงมูลเหล็ก"), ("OTH", "อบต.อื่น")):
        r = c.run("add-office", "--db", c.db, "--code", code, "--name-th", name)
        expect(r.returncode == 0, "add-office %s failed: %s" % (code, r.stderr))
    run.token = c.add_token("kiosk-browser", "--office", "DML", "--db", c.db)
    other_token = c.add_token("kiosk-other", "--office", "OTH", "--db", c.db)
    r = c.run("add-user", "--db", c.db, "--user", OFFICER, "--office", "DML", "--role", "officer",
              stdin=OFFICER_PASSWORD + "\n")
    expect(r.returncode == 0, "add-user failed: %s" % r.stderr)
    expect(OFFICER_PASSWORD not in r.stdout + r.stderr, "add-user echoed the password")
    c.start()
    template = c.url("/track/{ref}?k={key}")
    run.kiosk = h.Kiosk(run.args.kiosk, run.args.sync, run.workdir, "kiosk-browser", "KT1",
                        {"FEEDBACK_COMPLAINT_TRACKING_URL": template})
    done = os.path.join(run.kiosk.dir, "done.png")
    bribery = os.path.join(run.kiosk.dir, "bribery.png")
    r = run.kiosk.script(FILE_COMPLAINTS.format(typed=DESCRIPTION_TYPED, name=CONTACT_NAME, phone=CONTACT_PHONE,
                                                done=done, bribery=bribery))
    expect(CONTACT_PHONE not in r.stderr and CONTACT_NAME not in r.stderr, "the kiosk logged contact details")
    run.url = h.decode_qr(done)
    run.bribery_url = h.decode_qr(bribery)
    pattern = re.escape(c.url("/track/")) + r"([A-Z0-9]{2,6}-\d{6}-\d{4})\?k=([0-9A-HJKMNP-TV-Z]{16})"
    m = re.fullmatch(pattern, run.url)
    expect(m, "the reference QR code holds %r, not the tracking URL with a reference and a 16-character key" % run.url)
    run.reference, run.key = m.group(1), m.group(2)
    m2 = re.fullmatch(pattern, run.bribery_url)
    expect(m2 and m2.group(2) != run.key and m2.group(1) != run.reference,
           "the second complaint's QR code %r should have its own reference and key" % run.bribery_url)
    run.bribery_reference = m2.group(1)

    # Not yet at the collector: the page cannot tell it from a wrong key.
    status, _, not_yet = http_get(run.url)
    expect(status == 404, "before sync the tracking URL answered %d, expected 404" % status)
    run.kiosk.sync_once(c.url("/v1/batches"), run.token)
    other = h.Kiosk(run.args.kiosk, run.args.sync, run.workdir, "kiosk-other", "XT1",
                    {"FEEDBACK_COMPLAINT_TRACKING_URL": template})
    other_done = os.path.join(other.dir, "done.png")
    other.script(OTHER_OFFICE_COMPLAINT.format(done=other_done))
    run.other_reference = re.fullmatch(pattern, h.decode_qr(other_done)).group(1)
    other.sync_once(c.url("/v1/batches"), other_token)
    log = c.read_log()
    expect(run.key not in log and m2.group(2) not in log, "a tracking key reached the collector's log")
    expect(CONTACT_PHONE not in log, "a phone number reached the collector's log")


def tracking_page(run):
    step("the QR code's URL in Chromium: reference, category, date, status; no description or contact")
    from selenium.webdriver.common.by import By

    b = run.browser = h.start_chromium(run.workdir)
    b.get(run.url)
    shot(b, "track-received-th")
    text = b.find_element(By.TAG_NAME, "body").text
    expect(b.find_element(By.ID, "reference").text == run.reference, "the page does not show the reference")
    expect(b.find_element(By.ID, "category").text == "เจ้าหน้าที่มีพฤติกรรมไม่สุภาพ",
           "the category is not shown in Thai: %r" % b.find_element(By.ID, "category").text)
    filed = b.find_element(By.ID, "filed").text
    expect(re.fullmatch(r"\d{1,2} \S+ 25\d\d เวลา \d\d:\d\d น\.", filed), "the filed date is not a B.E. date: %r" % filed)
    expect("ได้รับเรื่องแล้ว" in b.find_element(By.ID, "status").text, "the status is not 'received'")
    for secret in (DESCRIPTION_TYPED, DESCRIPTION_CHIP, CONTACT_NAME, CONTACT_PHONE, "0812"):
        expect(secret not in text and secret not in b.page_source, "the tracking page shows %r" % secret)
    expect(not b.find_elements(By.TAG_NAME, "script"), "the tracking page has a script")

    step("the English link, without JavaScript")
    h.click_and_wait(b, "lang-toggle")
    expect(b.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en", "the link did not switch to English")
    shot(b, "track-received-en")
    expect(b.find_element(By.ID, "status").text == "Received, waiting for an officer",
           "English status: %r" % b.find_element(By.ID, "status").text)
    expect(b.find_element(By.ID, "category").text == "Rude behaviour", "English category")
    expect(DESCRIPTION_TYPED not in b.page_source, "the English page shows the description")


def not_found(run):
    step("a wrong key and an unknown reference show the same not-found page")
    from selenium.webdriver.common.by import By

    b = run.browser
    wrong_key = run.url[:-1] + ("A" if run.url[-1] != "A" else "B")
    b.get(wrong_key)
    shot(b, "track-not-found")
    expect(b.find_elements(By.ID, "not-found"), "a wrong key did not show the not-found page")
    expect(run.reference not in b.page_source, "the not-found page names the reference")
    wrong_page = b.page_source
    b.get(run.url.replace(run.reference, run.reference[:-4] + "9999"))
    expect(b.page_source == wrong_page, "an unknown reference and a wrong key gave different pages")
    s1, h1, body1 = http_get(wrong_key)
    s2, h2, body2 = http_get(run.collector.url("/track/NOPE-000000-0000?k=" + run.key))
    expect(s1 == s2 == 404 and body1 == body2, "not-found answers differ: %d vs %d" % (s1, s2))


def rate_limit(run):
    step("the per-address limit answers 429")
    from selenium.webdriver.common.by import By

    statuses = [http_get(run.url)[0] for _ in range(TRACK_LIMIT + 1)]
    expect(statuses[-1] == 429, "no 429 after %d lookups in a minute: %s" % (TRACK_LIMIT + 1, statuses))
    first = statuses.index(429)
    expect(all(s == 200 for s in statuses[:first]) and all(s == 429 for s in statuses[first:]),
           "lookups before the limit should all succeed and after it all be refused: %s" % statuses)
    run.browser.get(run.url)
    expect(run.browser.find_elements(By.ID, "too-many"), "Chromium did not get the too-many-lookups page")
    status, headers, _ = http_get(run.url)
    expect(status == 429 and headers.get("Retry-After") == "60", "429 without Retry-After: 60")


def sign_in(b, user, password):
    from selenium.webdriver.common.by import By

    b.find_element(By.ID, "user").clear()
    b.find_element(By.ID, "user").send_keys(user)
    b.find_element(By.ID, "password").send_keys(password)
    h.click_and_wait(b, "login-submit")


def officer_handles_the_complaint(run):
    step("an officer signs in, finds the complaint, accepts, starts and resolves it with public responses")
    from selenium.webdriver.common.by import By

    b = run.browser
    b.get(run.collector.url("/console/login"))
    shot(b, "login")
    sign_in(b, OFFICER, OFFICER_PASSWORD)
    expect(b.find_elements(By.ID, "signed-in-user") and b.find_element(By.ID, "signed-in-user").text == OFFICER,
           "the officer is not signed in (page: %s)" % b.current_url)
    b.get(run.collector.url("/console/complaints"))
    shot(b, "queue")
    rows = b.find_elements(By.CSS_SELECTOR, "#complaint-list tr.complaint")
    refs = [r.get_attribute("data-reference") for r in rows]
    expect(run.reference in refs, "the complaint %s is not in the officer's queue %s" % (run.reference, refs))
    step("the officer never sees the sensitive (bribery) complaint nor another office's")
    expect(run.bribery_reference not in refs, "the officer's queue lists the bribery complaint")
    expect(run.other_reference not in refs, "the officer's queue lists another office's complaint")
    for hidden in (run.bribery_reference, run.other_reference):
        b.get(run.collector.url("/console/complaints/" + hidden))
        expect(b.find_elements(By.ID, "not-found") and not b.find_elements(By.ID, "description"),
               "the officer can open complaint %s" % hidden)

    b.get(run.collector.url("/console/complaints"))
    h.click_and_wait(b, (By.CSS_SELECTOR, "#row-%s a.ref" % run.reference))
    expect(b.find_element(By.ID, "reference").text == run.reference, "the case page is not the complaint's")
    expect(DESCRIPTION_TYPED in b.find_element(By.ID, "description").text, "the case page lacks the description")
    for action, response in zip(("accept", "start", "resolve"), RESPONSES):
        b.find_element(By.ID, "public-response").send_keys(response)
        b.find_element(By.ID, "internal-note").send_keys(INTERNAL_NOTE)
        h.click_and_wait(b, "action-" + action)
        expect(not b.find_elements(By.ID, "action-error"), "the %s was refused" % action)
    shot(b, "case-resolved")
    status = b.find_element(By.ID, "status")
    expect(status.get_attribute("data-status") == "resolved", "the case is %s, not resolved" %
           status.get_attribute("data-status"))

    step("the tracking URL shows ดำเนินการแล้วเสร็จ and the responses, not the description or the note")
    b.get(run.url)
    shot(b, "track-resolved-th")
    expect(b.find_element(By.ID, "status").text == "ดำเนินการแล้วเสร็จ",
           "tracking status: %r" % b.find_element(By.ID, "status").text)
    responses = [e.text for e in b.find_elements(By.CSS_SELECTOR, "#responses .response")]
    expect(responses == RESPONSES, "tracking responses: %r" % responses)
    for secret in (DESCRIPTION_TYPED, DESCRIPTION_CHIP, CONTACT_NAME, CONTACT_PHONE, INTERNAL_NOTE, OFFICER):
        expect(secret not in b.page_source, "the tracking page shows %r" % secret)


def csrf_refused(run):
    step("a form posted without its CSRF token is refused")
    from selenium.webdriver.common.by import By

    b = run.browser
    b.get(run.collector.url("/console/complaints"))
    expect(b.find_elements(By.ID, "logout-form"), "no sign-out form to post")
    # The page needs no script; the test uses one only to take the token out of the form.
    b.execute_script("document.querySelector('#logout-form input[name=csrf]').remove()")
    h.click_and_wait(b, "logout")
    expect(b.find_elements(By.ID, "csrf-refused"), "a form without its CSRF token was accepted")
    b.get(run.collector.url("/console/complaints"))
    expect(b.find_element(By.ID, "signed-in-user").text == OFFICER, "the refused sign-out signed the officer out")
    h.click_and_wait(b, "logout")
    expect(b.find_elements(By.ID, "signed-out"), "signing out (with the token) did not work")


def lockout(run):
    step("the sixth wrong password is locked out")
    from selenium.webdriver.common.by import By

    b = run.browser
    b.get(run.collector.url("/console/login"))
    for attempt in range(1, 6):
        sign_in(b, OFFICER, "wrong password %d" % attempt)
        expect(b.find_elements(By.ID, "login-error") and not b.find_elements(By.ID, "lockout"),
               "wrong password %d: no plain refusal" % attempt)
    sign_in(b, OFFICER, "wrong password 6")
    expect(b.find_elements(By.ID, "lockout"), "the sixth wrong password was not locked out")
    # Even the right password waits now.
    sign_in(b, OFFICER, OFFICER_PASSWORD)
    expect(b.find_elements(By.ID, "lockout") and not b.find_elements(By.ID, "signed-in-user"),
           "the right password got in during the lockout")


CHECKS = [file_and_sync, tracking_page, not_found, officer_handles_the_complaint, csrf_refused, lockout, rate_limit]


def main():
    return h.run_checks(__doc__, ["collector", "kiosk", "sync"], "tracking-browser-", Run, CHECKS)


if __name__ == "__main__":
    sys.exit(main())
