#!/usr/bin/env bash
# Set up fastapi-prep on this machine; safe to run again (it skips what is done).
#   1. install the package and its dev tools into the current Python
#   2. make sure a Docker engine answers (as root on Debian: install docker.io
#      and start dockerd with no bridge network, so containers get no network)
#   3. build the runner image if the current one is missing
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
DOCKERD_LOG="${DOCKERD_LOG:-/var/log/fastapi-prep-dockerd.log}"
say() { printf '[setup] %s\n' "$*" >&2; }

engine_answers() {
    "$PYTHON" - <<'PY' 2>/dev/null
import socket, os, sys
path = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock").removeprefix("unix://")
s = socket.socket(socket.AF_UNIX)
s.settimeout(3)
try:
    s.connect(path)
    s.sendall(b"GET /_ping HTTP/1.0\r\n\r\n")
    sys.exit(0 if b"OK" in s.recv(4096) else 1)
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
}

apt_install() {
    if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

say "installing the fastapi-prep package"
"$PYTHON" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -e '.[dev]'

if ! engine_answers; then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
        say "no Docker engine answers: start Docker (Docker Desktop, or 'sudo systemctl start docker') and run this again"
        exit 3
    fi
    command -v dockerd >/dev/null || { say "installing docker.io"; apt_install docker.io; }
    say "starting dockerd (no bridge network; log: $DOCKERD_LOG)"
    setsid nohup dockerd --bridge=none --iptables=false --ip-masq=false \
        >"$DOCKERD_LOG" 2>&1 < /dev/null &
    for _ in $(seq 1 60); do engine_answers && break; sleep 1; done
    engine_answers || { say "dockerd did not come up; see $DOCKERD_LOG"; tail -5 "$DOCKERD_LOG" >&2; exit 3; }
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null && ! command -v debootstrap >/dev/null \
    && [ "${PREP_IMAGE_BASE:-debian}" = debian ]; then
    say "installing debootstrap (builds the runner image's base without a registry)"
    apt_install debootstrap
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null && ! command -v chromium >/dev/null; then
    say "installing chromium (the HTML report's browser test)"
    apt_install chromium
fi
prep image build
say "ready: $(prep doctor | tr '\n' ' ')"
