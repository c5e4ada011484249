"""The real programs and a real Chromium for the console's browser tests (issue 18).

Everything runs on 127.0.0.1 in one temporary directory: feedback-collector (port 0, its port
read from its first stdout line), the kiosk's screens driven by the scripted UI driver
(`feedback-kiosk run --headless --script`), feedback-sync --once, and headless Chromium through
Debian's chromedriver and python3-selenium.

Why a Python harness: Selenium's Python bindings are what Debian ships (python3-selenium); the
C++ tests' helpers have no WebDriver client. Why these Chromium flags: --headless=new is the
real browser without a display; --no-sandbox only when running as root (Chromium refuses to
start as root with its sandbox, and CI runs as root); a fresh --user-data-dir so no profile,
cookie or cache of the machine takes part. Proxy variables are removed from every child's
environment, so the tests' traffic never leaves loopback.
"""

import os
import re
import shutil
import subprocess
import tempfile

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"
ZBARIMG = "/usr/bin/zbarimg"


def child_env(extra=None):
    """Our environment minus proxies and FEEDBACK_* settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("FEEDBACK_") and k.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")}
    env.update(extra or {})
    return env


class Collector:
    """feedback-collector serve on 127.0.0.1:0; stopped (SIGTERM, then SIGKILL) by stop()."""

    def __init__(self, binary, workdir, extra_args=()):
        self.binary = binary
        self.db = os.path.join(workdir, "collector.db")
        self.tokens = os.path.join(workdir, "tokens")
        self.log_path = os.path.join(workdir, "collector.log")
        self.workdir = workdir
        self.extra_args = list(extra_args)
        self.proc = None
        self.port = None

    def add_token(self, device, *extra):
        out = subprocess.run([self.binary, "add-token", "--tokens", self.tokens, "--device", device, *extra],
                             check=True, capture_output=True, text=True, timeout=30, env=child_env())
        return out.stdout.strip()

    def run(self, *args, stdin=None):
        """Runs a feedback-collector command (not serve); returns the CompletedProcess."""
        return subprocess.run([self.binary, *args], input=stdin, capture_output=True, text=True, timeout=60,
                              env=child_env())

    def start(self):
        self.log = open(self.log_path, "ab")
        args = [self.binary, "serve", "--listen", "127.0.0.1:0", "--db", self.db]
        if os.path.exists(self.tokens):
            args += ["--tokens", self.tokens]
        self.proc = subprocess.Popen(args + self.extra_args, stdout=subprocess.PIPE, stderr=self.log,
                                     stdin=subprocess.DEVNULL, env=child_env())
        line = self.proc.stdout.readline().decode()  # the first line, flushed: "listening on HOST:PORT"
        m = re.match(r"listening on 127\.0\.0\.1:(\d+)", line)
        if not m:
            raise RuntimeError("collector did not announce its port: %r; log:\n%s" % (line, self.read_log()))
        self.port = int(m.group(1))
        return self

    def url(self, path=""):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def read_log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc and self.proc.stdout:
            self.proc.stdout.close()


class Kiosk:
    """One kiosk: its own database and XDG directories, its screens driven by a script."""

    def __init__(self, binary, sync_binary, workdir, device_id, device_code, extra_env=None):
        self.binary = binary
        self.sync_binary = sync_binary
        self.dir = os.path.join(workdir, device_id)
        os.makedirs(self.dir, exist_ok=True)
        self.db = os.path.join(self.dir, "kiosk.db")
        self.env = child_env({
            "XDG_CONFIG_HOME": os.path.join(self.dir, "config"),
            "XDG_DATA_HOME": os.path.join(self.dir, "data"),
            "FEEDBACK_DEVICE_ID": device_id,
            "FEEDBACK_DEVICE_CODE": device_code,
            **(extra_env or {}),
        })

    def script(self, steps):
        """Runs the steps on the real screens (SDL offscreen); raises with the driver's log on failure."""
        path = os.path.join(self.dir, "steps.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(steps)
        r = subprocess.run([self.binary, "run", "--headless", "--size", "1366x768", "--script", path, "--db", self.db],
                           capture_output=True, text=True, timeout=90, env=self.env)
        if r.returncode != 0:
            raise AssertionError("kiosk script failed (%d):\n%s" % (r.returncode, r.stderr[-4000:]))
        return r

    def sync_once(self, endpoint, token):
        token_file = os.path.join(self.dir, "token")
        with open(token_file, "w") as f:
            f.write(token + "\n")
        os.chmod(token_file, 0o600)
        env = dict(self.env, FEEDBACK_SYNC_ENDPOINT=endpoint, FEEDBACK_SYNC_TOKEN_FILE=token_file)
        r = subprocess.run([self.sync_binary, "--db", self.db, "--once", "--retry-base-ms", "20", "--retry-cap-ms",
                            "300", "--connect-timeout-ms", "2000", "--request-timeout-ms", "10000"],
                           capture_output=True, text=True, timeout=60, env=env)
        if r.returncode != 0:
            raise AssertionError("feedback-sync --once failed (%d):\n%s" % (r.returncode, r.stderr[-4000:]))
        return r


def decode_qr(png):
    """The text of the one QR code in a screenshot (zbarimg)."""
    r = subprocess.run([ZBARIMG, "--quiet", "--raw", png], capture_output=True, text=True, timeout=30)
    if r.returncode != 0:
        raise AssertionError("zbarimg found no QR code in %s: %s" % (png, r.stderr))
    return r.stdout.strip()


def start_chromium(workdir):
    """Headless Chromium under chromedriver, with a profile of its own in `workdir`."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    options.add_argument("--headless=new")
    if os.geteuid() == 0:
        options.add_argument("--no-sandbox")  # Chromium will not start as root with its sandbox
    profile = tempfile.mkdtemp(prefix="chromium-", dir=workdir)
    options.add_argument("--user-data-dir=" + profile)
    options.add_argument("--disable-gpu")
    options.add_argument("--disable-dev-shm-usage")
    options.add_argument("--no-proxy-server")
    options.add_argument("--window-size=1000,1200")
    options.add_argument("--lang=th")
    service = Service(CHROMEDRIVER, log_path=os.path.join(workdir, "chromedriver.log"))
    browser = webdriver.Chrome(service=service, options=options)
    browser.set_page_load_timeout(20)
    return browser


def wait_id(b, element_id, timeout=10):
    """The element once the page that has it is loaded (a click's navigation is not waited for)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(b, timeout).until(expected_conditions.presence_of_element_located((By.ID, element_id)))


def click_and_wait(b, target, timeout=10):
    """Clicks `target` and returns once the browser has loaded the page the click leads to.

    `target` is an element id, a (By, value) locator or a WebElement. Why: Selenium's click()
    returns as soon as the click is dispatched, not when the form's POST or the link's page has
    arrived, so reading the page right after it may read the page the click left (under load the
    tracking test's CSRF step read the old page: "a form without its CSRF token was accepted").
    This waits on events, not time: the old page's <html> going stale (the navigation happened),
    then the new document's readyState "complete". Every click in the browser tests that leads
    to another page goes through here.
    """
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    if isinstance(target, str):
        element = wait_id(b, target, timeout)
    elif isinstance(target, tuple):
        element = WebDriverWait(b, timeout).until(expected_conditions.presence_of_element_located(target))
    else:
        element = target
    old = b.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(b, timeout).until(lambda _: _is_gone(old))
    WebDriverWait(b, timeout).until(lambda d: d.execute_script("return document.readyState") == "complete")


def _is_gone(element):
    """Whether `element`'s document has been replaced. Selenium's staleness_of() knows only
    StaleElementReferenceException; while the old document is being torn down chromedriver may
    answer instead "unhandled inspector error: Node with given id does not belong to the
    document" (a WebDriverException), which staleness_of() let through and failed the test."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    try:
        element.is_enabled()
        return False
    except StaleElementReferenceException:
        return True
    except WebDriverException as e:
        if "does not belong to the document" in str(e):
            return True
        raise


def check_tools():
    """Names of the tools these tests need that are missing (deploy/install-deps.sh installs them)."""
    missing = [p for p in (CHROMEDRIVER, CHROMIUM, ZBARIMG) if not os.path.exists(p)]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("python3-selenium")
    return missing


def keep_or_remove(workdir, keep):
    if keep:
        print("files kept in", workdir)
    else:
        shutil.rmtree(workdir, ignore_errors=True)


def run_checks(description, programs, prefix, make_run, checks):
    """The main() of a browser test made of checks run in order on one Run: parses --PROGRAM
    paths for `programs` and --keep, refuses to pass when a tool is missing (not a skip: CI
    installs them with deploy/install-deps.sh), runs each check on make_run(args, workdir), and
    on the first failed check prints it with the collector's log and keeps the directory.
    Returns the exit status."""
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=description)
    for program in programs:
        parser.add_argument("--" + program, required=True)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    missing = check_tools()
    if missing:
        print("missing (deploy/install-deps.sh installs them):", ", ".join(missing))
        return 1
    workdir = tempfile.mkdtemp(prefix=prefix)
    run = make_run(args, workdir)
    try:
        for check in checks:
            check(run)
    except AssertionError as e:
        print("FAILED:", e)
        print("collector log (tail):\n" + run.collector.read_log()[-3000:] if run.collector.proc else "")
        args.keep = True
        return 1
    finally:
        run.close()
        keep_or_remove(workdir, args.keep)
    print("all checks passed")
    return 0
