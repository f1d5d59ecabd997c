"""Holds the namespaces of one local-sandbox run (see ``local.py``).

    unshare --net --mount [--user --map-root-user] python -I namespace_holder.py SPEC
    unshare --net --mount [--user --map-root-user] python -I namespace_holder.py --probe

Started in a fresh network and mount namespace, it prepares them, prints
``ready``, then waits for its standard input to close; the app (and, as
root, the tester) join them with ``nsenter``. When the grader closes the
pipe, or dies, it kills every process still in its network namespace and
exits, so nothing of the run outlives the grader.

SPEC is JSON, every key optional:

- ``views``: ``[[view, target, [child, ...]], ...]``: every ``target/child``
  is bound into the folder ``view``, then ``view`` over ``target``, so a
  folder the sandbox users cannot enter (``/root`` holding the interpreter)
  becomes one they can, showing only what they need;
- ``read_only``: make every mount read-only (``mount_setattr``, Linux 5.12);
- ``private``: ``[[folder, MiB], ...]``: a fresh tmpfs on each (``/tmp``);
- ``run``: the run's folder, bound back where it was if a tmpfs covered it;
- ``control``: ``[folder, MiB, mode, gid or null]``: a small tmpfs there, the
  folder the app and the tester share;
- ``writable``: folders of the run made writable again;
- ``hidden``: folders covered by an empty, closed tmpfs (the tester-only
  parts of the run, the exercises and the grader's checkout).

``/sys`` is mounted afresh, so it shows this namespace's interfaces only.

``--probe`` says (as JSON) whether ``read_only`` would work, and exits.
Standard library only.
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import signal
import socket
import struct
import sys
import time
from typing import Any

SIOCGIFFLAGS = 0x8913
SIOCSIFFLAGS = 0x8914
IFF_UP = 0x1
IFREQ = "16sH22x"  # struct ifreq: the name, then the flags (40 bytes)
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 0x1, 0x2, 0x4, 0x8
MS_BIND, MS_REC = 0x1000, 0x4000
SYS_MOUNT_SETATTR = 442  # the same number on every architecture since Linux 5.12
AT_FDCWD, AT_RECURSIVE = -100, 0x8000
MOUNT_ATTR_RDONLY = 0x1

libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        number = ctypes.get_errno()
        raise OSError(number, f"{what}: {os.strerror(number)}")


def loopback_up() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack(IFREQ, b"lo", 0)
        flags = struct.unpack(IFREQ, fcntl.ioctl(sock, SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(sock, SIOCSIFFLAGS, struct.pack(IFREQ, b"lo", flags | IFF_UP))


def mount(source: str, target: str, kind: str | None, flags: int, options: str = "") -> None:
    encoded = kind.encode() if kind else None
    result = libc.mount(source.encode(), target.encode(), encoded, flags, options.encode() or None)
    _check(result, f"mount {source} on {target}")


def set_read_only(path: str, read_only: bool, recursive: bool) -> None:
    attr = struct.pack("QQQQ", MOUNT_ATTR_RDONLY if read_only else 0, 0 if read_only else 1, 0, 0)
    flags = AT_RECURSIVE if recursive else 0
    result = libc.syscall(SYS_MOUNT_SETATTR, AT_FDCWD, path.encode(), flags, attr, len(attr))
    _check(result, f"mount_setattr {path}")


def apply_views(views: list[list[Any]]) -> None:
    for view, target, children in views:
        for child in children:
            os.makedirs(os.path.join(view, child), exist_ok=True)
            mount(os.path.join(target, child), os.path.join(view, child), None, MS_BIND | MS_REC)
        mount(view, target, None, MS_BIND | MS_REC)


def prepare(spec: dict[str, Any]) -> None:
    run = spec.get("run")
    run_handle = os.open(run, os.O_PATH | os.O_DIRECTORY) if run else None
    apply_views(spec.get("views", []))
    try:
        mount("sysfs", "/sys", "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)
    except OSError:
        pass  # the host's /sys then: it lists the host's interfaces, nothing more
    read_only = bool(spec.get("read_only"))
    if read_only:
        set_read_only("/", True, recursive=True)
    for folder, size_mb in spec.get("private", []):
        if os.path.isdir(folder):
            options = f"size={int(size_mb)}m,mode=1777"
            mount("tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, options)
    if run and run_handle is not None and not os.path.isdir(run):  # a tmpfs covered it
        os.makedirs(run)
        mount(f"/proc/self/fd/{run_handle}", run, None, MS_BIND)  # read-only like its source
    if spec.get("control"):
        folder, size_mb, mode, gid = spec["control"]
        owner = f",gid={int(gid)}" if gid is not None else ""
        options = f"size={int(size_mb)}m,mode={int(mode):o}{owner}"
        mount("tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, options)
    for folder in spec.get("writable", []):
        if read_only:
            mount(folder, folder, None, MS_BIND)
            set_read_only(folder, False, recursive=False)
    closed = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC
    for folder in spec.get("hidden", []):
        mount("tmpfs", folder, "tmpfs", closed, "size=4k,mode=0")


def probe() -> dict[str, bool]:
    try:
        set_read_only("/", True, recursive=True)
        return {"read_only": True}
    except OSError:
        return {"read_only": False}


def namespace_members() -> list[int]:
    """Every other process in this network namespace."""
    mine = os.readlink("/proc/self/ns/net")
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            if os.readlink(f"/proc/{entry}/ns/net") == mine:
                members.append(int(entry))
        except OSError:  # gone, or not ours to look at
            continue
    return members


def kill_members() -> None:
    """SIGKILL until none is left (a process may fork while we look)."""
    for _ in range(50):
        members = namespace_members()
        if not members:
            return
        for pid in members:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                continue
        time.sleep(0.02)  # a killed process leaves the namespace when it is gone


def main(argv: list[str]) -> int:
    if argv == ["--probe"]:
        print(json.dumps(probe()), flush=True)
        return 0
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the grader decides when the run ends
    loopback_up()
    prepare(json.loads(argv[0]) if argv else {})
    print("ready", flush=True)
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        kill_members()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
