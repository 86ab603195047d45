"""Counting a server's processes from /proc: by an environment marker every descendant inherits
(wherever it was reparented), and by the process tree (children of every thread)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def marked(marker: str) -> dict[int, str]:
    """pid → command line of every live process whose environment holds the marker."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            environ = Path(f"/proc/{entry}/environ").read_bytes()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if f"FAULTS_MARKER={marker}".encode() in environ.split(b"\0") and state != "Z":
            found[int(entry)] = cmdline
    return found


def descendants(root: int) -> set[int]:
    stack, seen = [root], set()
    while stack:
        for child in children(stack.pop()) - seen:
            seen.add(child)
            stack.append(child)
    return seen


def children(pid: int) -> set[int]:
    """Children of every thread of `pid` (a child belongs to the thread that forked it)."""
    found: set[int] = set()
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            found |= {int(p) for p in Path(f"/proc/{pid}/task/{task}/children").read_text().split()}
        except OSError:
            continue
    return found


def connected_to(pid: int, port: int) -> bool:
    """Whether `pid` holds an established TCP connection to local `port` (a client mid-request)."""
    sockets = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):  # closed meanwhile
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
                if link.startswith("socket:["):
                    sockets.add(link[len("socket:["):-1])
        table = Path(f"/proc/{pid}/net/tcp").read_text().splitlines()[1:]
    except OSError:
        return False
    for line in table:
        fields = line.split()  # sl local remote state … inode (the 10th)
        remote, state, inode = fields[2], fields[3], fields[9]
        if inode in sockets and state == "01" and int(remote.rsplit(":", 1)[1], 16) == port:
            return True
    return False
