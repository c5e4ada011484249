#!/usr/bin/env python3
"""The kiosk session as IT installs it, run for real: cage, Xwayland, the unit's command line.

Why this test exists (issue #13): the unit once forced SDL's Wayland driver, on which SDL 2.26
has no software framebuffer, so on a PC without a GPU driver the kiosk exited at once, cage
exited with it, and systemd restarted the pair for ever — a black screen on every counter —
while every other test drew through SDL's offscreen driver and passed. This test starts what
systemd starts, as systemd would:

  - the unit file's own ExecStart= and Environment= lines (deploy/systemd/feedback-kiosk.service,
    or the installed one with --root), run as a non-root user with its own XDG_RUNTIME_DIR
    (what PAMName= and logind give the service), a NOTIFY_SOCKET we listen on (Type=notify),
    WATCHDOG_USEC and WATCHDOG_PID naming cage (what systemd sets for the main process);
  - cage with WLR_BACKENDS=headless and WLR_RENDERER=pixman: the real compositor with a virtual
    output instead of a monitor (this machine has no GPU and no seat); Xwayland is started by
    cage itself when the kiosk's chosen path needs it;
  - after READY=1 it takes a screenshot with grim, as a person looking at the screen would, and
    checks that Welcome is drawn: the background, the five face tints, the title's dark ink;
  - it kills the kiosk (SIGKILL), checks that cage then ends in a way Restart=on-failure restarts
    (cage alone exits 0 when its client dies: deploy/session/feedback-kiosk-session fixes that),
    restarts the unit's command after RestartSec= as systemd would, and checks READY=1 and a
    drawn Welcome again.

Without --root, the build's binaries are copied into a temporary directory (the user must be
able to execute them) and the unit's command line is used with only these paths replaced:
/usr/bin/feedback-kiosk, the two scripts in /usr/libexec/feedback-kiosk and the configuration file (one
with the database in the temporary directory). The user is `nobody`, since the unit's own user
does not exist on a build machine. With --root DIR (the package test's clean Debian root, the
package installed) nothing is replaced: the installed unit, binaries, configuration and user.

Exit codes: 0 passed, 1 failed, 77 skipped (not root, or cage/grim/Xwayland missing).
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

SKIP = 77

BACKGROUND = (0xF7, 0xF5, 0xEF)  # kiosk/ui/theme.cpp, kNormal
FACE_TINTS = [(0xF8, 0xC9, 0xC4), (0xFB, 0xDD, 0xBF), (0xFF, 0xF0, 0xB8), (0xDC, 0xF0, 0xC8), (0xC6, 0xEC, 0xD2)]


def log(message):
    print("cage-session: " + message, flush=True)


def fail(message):
    log("FAIL: " + message)
    sys.exit(1)


def parse_unit(text):
    """ExecStart= (as argv), Environment= assignments, User=, RestartSec= of a unit file."""
    exec_start, environment, user, restart_sec = None, [], None, 0.1
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("ExecStart="):
            exec_start = line[len("ExecStart="):].split()
        elif line.startswith("Environment="):
            environment += line[len("Environment="):].split()
        elif line.startswith("User="):
            user = line[len("User="):]
        elif line.startswith("RestartSec="):
            restart_sec = float(re.sub(r"s$", "", line[len("RestartSec="):]))
    if not exec_start:
        fail("the unit has no ExecStart=")
    return exec_start, environment, user, restart_sec


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    # P6 <width> <height> <maxval> then width*height RGB triples
    parts = data.split(maxsplit=4)
    if parts[0] != b"P6":
        fail(path + " is not a binary PPM")
    width, height = int(parts[1]), int(parts[2])
    return width, height, parts[4][: width * height * 3]


def welcome_problems(path):
    """What is missing from a screenshot of Welcome; [] when it is drawn."""
    width, height, pixels = read_ppm(path)
    total = width * height
    counts = {}
    ink_top = 0
    for i in range(0, len(pixels), 3):
        rgb = (pixels[i], pixels[i + 1], pixels[i + 2])
        counts[rgb] = counts.get(rgb, 0) + 1
        if i < len(pixels) * 0.4 and rgb[0] < 0x50 and rgb[1] < 0x50 and rgb[2] < 0x50:
            ink_top += 1
    problems = []
    background = counts.get(BACKGROUND, 0) / total
    if background < 0.30:
        problems.append("background #F7F5EF covers %.1f %% of the screen (expected >= 30 %%)" % (100 * background))
    for tint in FACE_TINTS:
        share = counts.get(tint, 0) / total
        if share < 0.002:
            problems.append("face tint #%02X%02X%02X covers %.3f %% (expected >= 0.2 %%)" % (tint + (100 * share,)))
    if ink_top / total < 0.001:
        problems.append("no title ink in the top of the screen (%.3f %% dark pixels)" % (100 * ink_top / total))
    return problems


class Session:
    """One start of the unit's command, as systemd would make it."""

    def __init__(self, argv, env, root, user, uid, gid, log_path):
        self.root, self.user, self.uid, self.gid = root, user, uid, gid
        in_root = [] if root == "/" else ["chroot", root]
        # setpriv, not runuser/su: no PAM here (logind's part is the runtime directory); the
        # shell exports WATCHDOG_PID=$$ and execs, so it names cage as systemd would.
        command = in_root + ["setpriv", "--reuid=%d" % uid, "--regid=%d" % gid, "--init-groups", "--",
                             "/usr/bin/env", "-i"] + env + [
            "/bin/sh", "-c", 'export WATCHDOG_PID=$$; exec "$@"', "sh"] + argv
        self.log = open(log_path, "ab")
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.started = time.monotonic()

    def kiosk_pid(self):
        """The feedback-kiosk process under this session's cage."""
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % entry) as f:
                    stat = f.read()
                with open("/proc/%s/cmdline" % entry, "rb") as f:
                    cmdline = f.read().split(b"\0")
            except OSError:
                continue
            session_id = int(stat[stat.rfind(")") + 2:].split()[3])  # field 6: session
            if session_id == self.process.pid and cmdline and cmdline[0].endswith(b"feedback-kiosk") and b"run" in cmdline:
                return int(entry)
        return None

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()


def wait_ready(sock, session, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if session.process.poll() is not None:
            return None
        sock.settimeout(0.2)
        try:
            message = sock.recv(4096).decode("utf-8", "replace")
        except socket.timeout:
            continue
        if "READY=1" in message.split("\n"):
            return time.monotonic() - session.started
    return None


def screenshot_until_drawn(session, runtime_dir_in_root, shot_in_root, shot_on_host, timeout):
    """grim, as the session's user, until Welcome is drawn or the time is up; the problems left."""
    in_root = [] if session.root == "/" else ["chroot", session.root]
    problems = ["no screenshot taken"]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sockets = [n for n in os.listdir(os.path.join(session.root, runtime_dir_in_root.lstrip("/")))
                   if re.fullmatch(r"wayland-\d+", n)]
        if sockets:
            result = subprocess.run(in_root + ["setpriv", "--reuid=%d" % session.uid, "--regid=%d" % session.gid,
                                               "--init-groups", "--", "/usr/bin/env", "-i",
                                               "XDG_RUNTIME_DIR=" + runtime_dir_in_root, "WAYLAND_DISPLAY=" + sockets[0],
                                               "grim", "-t", "ppm", shot_in_root],
                                    capture_output=True, timeout=20)
            if result.returncode == 0:
                problems = welcome_problems(shot_on_host)
                if not problems:
                    return []
            else:
                problems = ["grim failed: " + result.stderr.decode("utf-8", "replace").strip()]
        time.sleep(0.3)
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--unit", required=True, help="the unit file (inside --root when given)")
    parser.add_argument("--kiosk", help="feedback-kiosk to use instead of /usr/bin/feedback-kiosk (without --root)")
    parser.add_argument("--session-script", help="deploy/session/feedback-kiosk-session (without --root)")
    parser.add_argument("--xwayland-script", help="deploy/session/feedback-kiosk-xwayland (without --root)")
    parser.add_argument("--root", default="/", help="a Debian root with the package installed (the package test)")
    parser.add_argument("--keep", help="copy screenshots and logs into this directory")
    args = parser.parse_args()

    if os.geteuid() != 0:
        log("skipped: needs root (to run the session as another user, as systemd does)")
        return SKIP
    root = os.path.abspath(args.root)
    for program in ("cage", "grim", "Xwayland", "setpriv"):
        if not os.path.exists(os.path.join(root, "usr/bin", program)):
            log("skipped: %s is not installed%s" % (program, "" if root == "/" else " in " + root))
            return SKIP

    unit_path = os.path.join(root, args.unit.lstrip("/")) if root != "/" else args.unit
    with open(unit_path) as f:
        exec_start, unit_env, unit_user, restart_sec = parse_unit(f.read())

    # /tmp/.X11-unix as Debian's systemd-tmpfiles makes it at boot (x11.conf: root, 1777):
    # Xwayland, started by cage as the session's user, refuses one another user owns.
    x11_dir = os.path.join(root, "tmp/.X11-unix")
    if not os.path.isdir(x11_dir):
        os.mkdir(x11_dir)
    if os.stat(x11_dir).st_uid != 0:
        os.chown(x11_dir, 0, 0)
    os.chmod(x11_dir, 0o1777)

    tmp_on_host = tempfile.mkdtemp(prefix="cage-session.", dir=os.path.join(root, "tmp"))
    tmp_in_root = "/" + os.path.relpath(tmp_on_host, root) if root != "/" else tmp_on_host
    os.chmod(tmp_on_host, 0o755)
    sessions = []
    try:
        if root == "/":
            user = "nobody"
            kiosk = os.path.join(tmp_on_host, "feedback-kiosk")
            wrapper = os.path.join(tmp_on_host, "session")
            shutil.copy2(args.kiosk, kiosk)
            shutil.copy2(args.session_script, wrapper)
            data = os.path.join(tmp_on_host, "data")
            os.mkdir(data, 0o700)
            shutil.chown(data, user, "nogroup")
            config = os.path.join(tmp_on_host, "kiosk.toml")
            with open(config, "w") as f:
                f.write('[store]\ndatabase = "%s/feedback.db"\n' % data)
            xwayland = os.path.join(tmp_on_host, "xwayland")
            shutil.copy2(args.xwayland_script, xwayland)
            replace = {"/usr/bin/feedback-kiosk": kiosk, "/usr/libexec/feedback-kiosk/session": wrapper,
                       "/usr/libexec/feedback-kiosk/xwayland": xwayland, "/etc/feedback-kiosk/kiosk.toml": config}
            argv = [replace.get(a, a) for a in exec_start]
            unit_env = [k + "=" + replace.get(v, v) for k, v in (e.split("=", 1) for e in unit_env)]
            home = data
        else:
            user = unit_user or "root"
            argv = exec_start
            home = "/var/lib/feedback-kiosk"
        log("ExecStart: " + " ".join(argv))
        log("Environment: " + " ".join(unit_env) + "  (user %s)" % user)

        runtime_in_root = tmp_in_root + "/run"
        runtime_on_host = os.path.join(tmp_on_host, "run")
        os.mkdir(runtime_on_host, 0o700)
        uid = int(subprocess.run((["chroot", root] if root != "/" else []) + ["id", "-u", user],
                                 capture_output=True, text=True, check=True).stdout)
        gid = int(subprocess.run((["chroot", root] if root != "/" else []) + ["id", "-g", user],
                                 capture_output=True, text=True, check=True).stdout)
        os.chown(runtime_on_host, uid, gid)
        notify_on_host = os.path.join(tmp_on_host, "notify")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(notify_on_host)
        os.chmod(notify_on_host, 0o666)
        shot_dir = os.path.join(tmp_on_host, "shots")
        os.mkdir(shot_dir, 0o777)
        os.chmod(shot_dir, 0o777)

        env = unit_env + ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=" + home, "LANG=C.UTF-8",
                          "XDG_RUNTIME_DIR=" + runtime_in_root, "NOTIFY_SOCKET=" + tmp_in_root + "/notify",
                          "WATCHDOG_USEC=30000000", "WLR_BACKENDS=headless", "WLR_RENDERER=pixman",
                          "WLR_LIBINPUT_NO_DEVICES=1"]
        log_path = os.path.join(tmp_on_host, "session.log")

        def start():
            s = Session(argv, env, root, user, uid, gid, log_path)
            sessions.append(s)
            return s

        def show_log():
            with open(log_path, "rb") as f:
                sys.stdout.write(f.read().decode("utf-8", "replace")[-4000:])

        # 1. Start: READY=1, then Welcome on the screen.
        session = start()
        ready = wait_ready(sock, session, 30)
        if ready is None:
            show_log()
            fail("no READY=1 within 30 s (cage exited with %s)" % session.process.poll())
        log("READY=1 after %.2f s" % ready)
        problems = screenshot_until_drawn(session, runtime_in_root, tmp_in_root + "/shots/first.ppm",
                                          os.path.join(shot_dir, "first.ppm"), 10)
        if problems:
            show_log()
            fail("Welcome is not drawn after start: " + "; ".join(problems))
        log("Welcome is drawn (grim screenshot: background, five face tints, title ink)")
        with open(log_path, "rb") as f:
            display_line = [l for l in f.read().decode("utf-8", "replace").splitlines() if "display:" in l]
        if not display_line:
            show_log()
            fail("the kiosk did not log which presentation path it uses")
        log("the kiosk says: " + display_line[-1].strip())

        # Xwayland, where the path uses it, is the unit's (WLR_XWAYLAND: no GLX, 50 MB less).
        xwayland_lines = []
        for entry in os.listdir("/proc"):
            try:
                with open("/proc/%s/cmdline" % entry, "rb") as f:
                    cmdline = f.read().split(b"\0")
                with open("/proc/%s/stat" % entry) as f:
                    sid = int(f.read().rsplit(")", 1)[1].split()[3])
            except (OSError, ValueError):
                continue
            if sid == session.process.pid and cmdline[0].endswith(b"Xwayland"):
                xwayland_lines.append(b" ".join(cmdline).decode())
        if "x11" in display_line[-1] and not any("-extension GLX" in l for l in xwayland_lines):
            fail("Xwayland does not run as the unit says (WLR_XWAYLAND, -extension GLX): %s" % xwayland_lines)

        # What status and doctor say about it, as the session's user (IT's view).
        chosen = re.search(r"display: (\S+) \(", display_line[-1])
        if not chosen:
            fail("cannot read the path from: " + display_line[-1])
        kiosk_cmd = [argv[argv.index("--") + 2] if argv[argv.index("--") + 1].endswith("session") else argv[argv.index("--") + 1]]
        kiosk_cmd += ["--config", argv[argv.index("--config") + 1]]

        def run_as(args, extra_env):
            command = (["chroot", root] if root != "/" else []) + [
                "setpriv", "--reuid=%d" % uid, "--regid=%d" % gid, "--init-groups", "--", "/usr/bin/env", "-i",
                "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=" + home, "LANG=C.UTF-8"] + extra_env + kiosk_cmd + args
            return subprocess.run(command, capture_output=True, text=True, timeout=60)

        status = run_as(["status", "--json"], [])
        try:
            shown = json.loads(status.stdout)["display"]
        except (ValueError, KeyError, TypeError):
            fail("status --json has no display object: " + status.stdout[-500:] + status.stderr[-500:])
        if shown is None or shown.get("path") != chosen.group(1):
            fail("status --json shows display %r, the kiosk logged %s" % (shown, chosen.group(1)))
        log("status --json: display.path = %s, renderer %s" % (shown["path"], shown["renderer"]))
        # doctor with no display in its environment (IT over ssh) checks the path under a
        # headless cage of its own; kmsdrm first proves the fallback to the next path.
        doctor = run_as(["doctor"], ["FEEDBACK_DISPLAY_PRESENTATION=kmsdrm," + chosen.group(1)])
        opened = [l for l in doctor.stdout.splitlines() if l.startswith("ok") and "a window opens under cage" in l]
        if not opened or "passed over kmsdrm" not in opened[0]:
            fail("doctor did not open a window under cage along kmsdrm,%s:\n%s%s" %
                 (chosen.group(1), doctor.stdout, doctor.stderr))
        log("doctor: " + opened[0].strip())
        remembered = [l for l in doctor.stdout.splitlines() if "the kiosk draws through" in l]
        if not remembered:
            fail("doctor does not say which path the kiosk uses:\n" + doctor.stdout)

        # 2. Kill the kiosk: cage must end as a failure, so that Restart=on-failure restarts it.
        pid = session.kiosk_pid()
        if pid is None:
            fail("cannot find the feedback-kiosk process under cage")
        os.kill(pid, signal.SIGKILL)
        try:
            code = session.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            fail("cage did not end within 10 s after the kiosk was killed")
        if code == 0:
            show_log()
            fail("cage exited 0 after the kiosk was killed: systemd (Restart=on-failure) would not restart it")
        log("kiosk killed: cage ended with %s, which Restart=on-failure restarts" % code)
        session.log.close()

        # 3. Restart after RestartSec=, as systemd does: READY=1 and Welcome again.
        time.sleep(restart_sec)
        session = start()
        ready = wait_ready(sock, session, 30)
        if ready is None:
            show_log()
            fail("no READY=1 within 30 s after the restart")
        problems = screenshot_until_drawn(session, runtime_in_root, tmp_in_root + "/shots/restarted.ppm",
                                          os.path.join(shot_dir, "restarted.ppm"), 10)
        if problems:
            show_log()
            fail("Welcome is not drawn after the restart: " + "; ".join(problems))
        log("restarted: READY=1 after %.2f s and Welcome is drawn again" % ready)
        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
            for name in os.listdir(shot_dir):
                shutil.copy2(os.path.join(shot_dir, name), args.keep)
            shutil.copy2(log_path, args.keep)
        log("passed")
        return 0
    finally:
        for s in sessions:
            s.stop()
        shutil.rmtree(tmp_on_host, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
