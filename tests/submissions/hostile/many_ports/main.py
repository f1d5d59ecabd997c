"""Serves the honest part and also listens on 300 other ports, on every
address, TCP and UDP (the grader's port 8000 is left to uvicorn)."""

import logging
import socket

from .inventory import app  # noqa: F401

held: list[socket.socket] = []
for port in range(8001, 8151):
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        sock = socket.socket(socket.AF_INET, kind)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("0.0.0.0", port))
        if kind == socket.SOCK_STREAM:
            sock.listen()
        held.append(sock)
logging.getLogger("uvicorn.access").disabled = True  # keep the line below in the tail
print(f"PROBE ports {len(held)} sockets bound", flush=True)
