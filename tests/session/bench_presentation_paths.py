#!/usr/bin/env python3
"""Measures each presentation path inside the real kiosk session (ctest -L benchmark).

For every path of display.presentation (kiosk/app/presentation_paths.h) the kiosk runs inside
cage (headless output, pixman renderer — this machine has no GPU) as `nobody`, and this prints:

  - first frame: from the kiosk's exec to its first presented frame (FEEDBACK_UI_TIMING=1);
  - PSS 2 s after the first frame, of the kiosk and of Xwayland when the path uses it (the
    X server is part of that path's cost);
  - CPU per interaction frame during a scripted visit (taps on a face, chips, 10 keys): the
    kiosk's own median, and the whole session's (cage + Xwayland + kiosk) CPU over the visit
    divided by the frames drawn, since compositing and the X server's copies count too.

kmsdrm is tried outside cage (that path exists for PCs with no compositor at all).
Exit code 0 when every path was measured or refused with a reason; figures go to stdout.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

KIOSK = sys.argv[1] if len(sys.argv) > 1 else "build/default/kiosk/app/feedback-kiosk"
XWAYLAND = sys.argv[2] if len(sys.argv) > 2 else "deploy/session/feedback-kiosk-xwayland"
# "x11" runs Xwayland as the unit does (WLR_XWAYLAND: without GLX); "x11+glx" with cage's stock
# Xwayland, to show what that choice saves.
PATHS = ["wayland-gpu", "x11", "x11+glx", "wayland-gl", "kmsdrm"]
VISIT = ("tap rating.4\ntap reason.fast\ntap reason.friendly\ntap dimension.staff.4\ntap comment.open\n"
         "tap key.ก\ntap key.ข\ntap key.ค\ntap key.space\ntap key.ก\ntap key.backspace\ntap key.ข\n"
         "tap keyboard.done\ntap followup.done\ntap thanks.done\n")
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except OSError:
        return 0.0


def pss_mb(pid):
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def session_pids(sid):
    pids = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                stat = f.read()
            with open("/proc/%s/comm" % entry) as f:
                comm = f.read().strip()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[3]) == sid:
            pids[int(entry)] = comm
    return pids


def run_in_cage(tmp, path, script):
    """Starts cage + kiosk; returns (process, log path)."""
    runtime = os.path.join(tmp, "run-%s-%s" % (path, "visit" if script else "start"))
    os.mkdir(runtime, 0o700)
    shutil.chown(runtime, "nobody", "nogroup")
    log = os.path.join(tmp, "log-%s-%s.txt" % (path, "visit" if script else "start"))
    kiosk_args = [os.path.join(tmp, "feedback-kiosk"), "--config", os.path.join(tmp, "kiosk.toml"), "run"]
    if script:
        kiosk_args += ["--script", script]
    env = ["PATH=/usr/bin:/bin", "HOME=" + tmp, "XDG_RUNTIME_DIR=" + runtime, "WLR_BACKENDS=headless",
           "WLR_RENDERER=pixman", "WLR_LIBINPUT_NO_DEVICES=1", "FEEDBACK_UI_TIMING=1",
           "FEEDBACK_DISPLAY_PRESENTATION=" + path.split("+")[0]]
    if path == "x11":
        env.append("WLR_XWAYLAND=" + os.path.join(tmp, "xwayland"))
    inner = ["/bin/sh", "-c", 'echo "ui-timing start-unix-ms=$(date +%s%3N)" >&2; exec "$@"', "sh"] + kiosk_args
    cmd = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--init-groups", "--", "env", "-i"] + env
    if path != "kmsdrm":
        cmd += ["cage", "-d", "--"]
    cmd += inner
    out = open(log, "wb")
    return subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True), log


def read(log):
    with open(log, "rb") as f:
        return f.read().decode("utf-8", "replace")


def measure(tmp, path):
    process, log = run_in_cage(tmp, path, None)
    deadline = time.monotonic() + 20
    first = None
    while time.monotonic() < deadline and process.poll() is None:
        text = read(log)
        start = re.search(r"start-unix-ms=(\d+)", text)
        frame = re.search(r"first-frame-unix-ms=(\d+)", text)
        if start and frame:
            first = int(frame.group(1)) - int(start.group(1))
            break
        time.sleep(0.05)
    if first is None:
        time.sleep(0.5)
        reason = [l for l in read(log).splitlines() if "error" in l]
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return {"refused": reason[-1] if reason else "no frame within 20 s"}
    time.sleep(2)
    pids = session_pids(process.pid)
    kiosk = [p for p, c in pids.items() if c.startswith("feedback-kiosk")]
    xwayland = [p for p, c in pids.items() if c == "Xwayland"]
    result = {"first_frame_ms": first, "pss_kiosk": pss_mb(kiosk[0]) if kiosk else None,
              "pss_xwayland": pss_mb(xwayland[0]) if xwayland else None,
              "line": ([l for l in read(log).splitlines() if "display:" in l] or ["?"])[-1]}
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()

    # The scripted visit: per-frame CPU of the kiosk, and the whole session's CPU.
    script = os.path.join(tmp, "visit.txt")
    process, log = run_in_cage(tmp, path, script)
    # CPU is counted from the first frame on, so start-up (fonts, Xwayland's own start) is not
    # charged to the interaction frames.
    session_cpu, baseline = {}, None
    while process.poll() is None:
        pids = session_pids(process.pid)
        for pid in pids:
            session_cpu[pid] = max(session_cpu.get(pid, 0.0), cpu_seconds(pid))
        if baseline is None and "first-frame-unix-ms" in read(log):
            baseline = sum(session_cpu.values())
        time.sleep(0.01)
    frames = sorted(int(x) for x in re.findall(r"frame-cpu-us=(\d+)", read(log)))
    if frames:
        result["frame_median_ms"] = frames[len(frames) // 2] / 1000
        result["frame_p90_ms"] = frames[min(len(frames) - 1, int(len(frames) * 0.9))] / 1000
        result["frames"] = len(frames)
        result["session_cpu_per_frame_ms"] = 1000 * (sum(session_cpu.values()) - (baseline or 0)) / max(1, len(frames) - 1)
    return result


def main():
    if os.geteuid() != 0 or not shutil.which("cage"):
        print("bench_presentation_paths: needs root and cage (skipped)")
        return 77
    tmp = tempfile.mkdtemp(prefix="paths-bench.")
    os.chmod(tmp, 0o755)
    try:
        shutil.copy2(KIOSK, os.path.join(tmp, "feedback-kiosk"))
        shutil.copy2(XWAYLAND, os.path.join(tmp, "xwayland"))
        data = os.path.join(tmp, "data")
        os.mkdir(data)
        shutil.chown(data, "nobody", "nogroup")
        with open(os.path.join(tmp, "kiosk.toml"), "w") as f:
            f.write('[store]\ndatabase = "%s/feedback.db"\n' % data)
        with open(os.path.join(tmp, "visit.txt"), "w") as f:
            f.write(VISIT)
        print("Presentation paths inside cage 0.1.4 (headless output 1280x720, pixman), this machine, no GPU")
        print("%-12s %10s %10s %12s %14s %14s %18s" % ("path", "first ms", "PSS MB", "+Xwayland MB",
                                                       "frame med ms", "frame p90 ms", "session CPU/frame"))
        for path in PATHS:
            r = measure(tmp, path)
            if "refused" in r:
                print("%-12s refused: %s" % (path, r["refused"].strip()[:150]))
                continue
            print("%-12s %10d %10.1f %12s %14.2f %14.2f %15.2f ms" % (
                path, r["first_frame_ms"], r["pss_kiosk"] or -1,
                "%.1f" % r["pss_xwayland"] if r["pss_xwayland"] else "-",
                r.get("frame_median_ms", -1), r.get("frame_p90_ms", -1), r.get("session_cpu_per_frame_ms", -1)))
            print("             " + r["line"].strip()[:160])
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
