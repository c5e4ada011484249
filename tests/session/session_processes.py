"""The processes of one session (setsid group) — cage, Xwayland, the kiosk — read from /proc.

Shared by the session test and the presentation-path benchmark: both start cage with
start_new_session=True, so everything cage starts carries cage's pid as its session id.
"""

import os


def session_processes(sid):
    """{pid: argv as a list of str} of every process whose session id is `sid`."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                stat = f.read()
            with open("/proc/%s/cmdline" % entry, "rb") as f:
                argv = [a.decode("utf-8", "replace") for a in f.read().split(b"\0") if a]
        except OSError:
            continue  # ended while we looked
        # Field 6 (session id) is the 4th after the command name, which may hold spaces.
        if int(stat.rsplit(")", 1)[1].split()[3]) == sid and argv:
            found[int(entry)] = argv
    return found
