"""Tries to reach the network from the app's sandbox, then serves the honest part.

Targets: documentation addresses standing for the public internet (TEST-NET,
2001:db8::), private ranges, the usual Docker gateway and engine ports, the
cloud metadata address, the host's own addresses (the test writes them to
targets.json), a DNS lookup, the Docker socket, raw and packet sockets.

No packet may leave even if the sandbox were broken: the app reads its
routing tables first and only tries a connection when no interface but
loopback and no route exists, so the kernel refuses before sending anything.
Otherwise every attempt is reported as ``skipped: route present``.
What happened is one ``PROBE network {json}`` line in the log (access logs
are off, so the line stays in the log's tail).
"""

import json
import logging
import socket
from pathlib import Path

from .inventory import app  # noqa: F401

HERE = Path(__file__).resolve().parent
TARGETS = [
    ("192.0.2.1", 80),  # TEST-NET-1: a public address that routes nowhere
    ("198.51.100.7", 443),  # TEST-NET-2
    ("10.0.0.1", 80),
    ("172.16.0.1", 80),
    ("172.17.0.1", 2375),  # Docker's default gateway, the engine's TCP port
    ("192.168.1.1", 80),
    ("169.254.169.254", 80),  # cloud metadata
    ("2001:db8::1", 80),  # IPv6 documentation prefix
]


def interfaces() -> list[str]:
    return sorted(p.name for p in Path("/sys/class/net").iterdir())


def routes() -> list[str]:
    found = []
    for line in Path("/proc/net/route").read_text().splitlines()[1:]:
        found.append(line.split()[0])
    for line in Path("/proc/net/ipv6_route").read_text().splitlines():
        device = line.split()[-1]
        if device != "lo":
            found.append(device)
    return found


def host_targets() -> list[tuple[str, int]]:
    try:
        addresses = json.loads((HERE / "targets.json").read_text())
    except (OSError, ValueError):
        return []
    return [(address, port) for address in addresses for port in (22, 2375)]


def connect(address: str, port: int, kind: int) -> str:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, kind) as probe:
        probe.settimeout(2)
        try:
            if kind == socket.SOCK_DGRAM:
                probe.sendto(b"hello", (address, port))
                return "sent"
            probe.connect((address, port))
            return "connected"
        except OSError as exc:
            return f"refused: errno {exc.errno}"


def lookup(name: str) -> str:
    try:
        return "resolved: " + str(socket.getaddrinfo(name, 80)[0][4])
    except OSError as exc:
        return f"refused: {type(exc).__name__} errno {exc.errno}"


def special(family: int, kind: int, protocol: int) -> str:
    try:
        socket.socket(family, kind, protocol).close()
        return "opened"
    except OSError as exc:
        return f"refused: errno {exc.errno}"


def unix(path: str) -> str:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(2)
        try:
            probe.connect(path)
            return "connected"
        except OSError as exc:
            return f"refused: errno {exc.errno}"


results: dict[str, str] = {}


def report(target: str, result: str) -> None:
    results[target] = result


isolated = interfaces() == ["lo"] and not routes()
report("interfaces", ",".join(interfaces()))
for address, port in TARGETS + host_targets():
    for kind, name in ((socket.SOCK_STREAM, "tcp"), (socket.SOCK_DGRAM, "udp")):
        result = connect(address, port, kind) if isolated else "skipped: route present"
        report(f"{name} {address}:{port}", result)
report("dns example.com", lookup("example.com") if isolated else "skipped: route present")
report("raw socket", special(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))
report("packet socket", special(socket.AF_PACKET, socket.SOCK_RAW, 0))
for path in ("/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock"):
    report(f"unix {path}", unix(path))
logging.getLogger("uvicorn.access").disabled = True
print("PROBE network " + json.dumps(results), flush=True)
