"""App supervisor: serves the candidate's app and restarts it when the tester asks.

    python -m prep_harness.supervisor

It runs beside the app, in the app's sandbox, and talks to the tester through
files in two folders: the tester writes requests in one, the supervisor
answers in the other. In Docker the supervisor runs as root with only the
capabilities to change user, and starts the app (and jobs) as the sandbox
user, who can write in neither folder: the app cannot forge an answer. (Run
as one user, as the local backend and the quick loop do, both folders may be
the same and that guarantee is gone.)

- ``app-<N>.log``: everything generation N of the app wrote (stdout and
  stderr, capped); also copied to the supervisor's own stdout;
- ``restart-<N>.json``: written by the tester to ask for generation N with
  other environment variables or files in its working folder;
- ``status-<N>.json``: the supervisor's answer: did generation N come up, and
  how did generation N-1 stop (exit code, seconds, killed or not);
- ``job-<K>.json`` / ``job-<K>.result.json``: run a Python command in a fresh
  copy of the submission with some files replaced (an exercise where the
  candidate writes tests runs them against mutants of an app this way); the
  result holds the exit code and the output's tail.

Until the first restart the supervisor mirrors the app: when generation 0
exits, the supervisor exits with its code. On SIGTERM it forwards the signal,
waits for the app and exits with the app's code, so a grader that stops the
sandbox sees the app's own shutdown. Standard library only: it runs in the
sandbox's interpreter before anything else is imported.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

POLL_SECONDS = 0.05
LOG_LIMIT = 2_000_000
JOB_OUTPUT_CHARS = 8000
TRUNCATED = b"\n[log truncated by the grader]\n"


@dataclass(frozen=True)
class Control:
    """Where requests (tester -> supervisor) and answers (supervisor -> tester) live."""

    requests: Path
    answers: Path

    @classmethod
    def from_env(cls) -> Control:
        shared = os.environ.get("PREP_CONTROL_DIR", "/prep")
        return cls(
            Path(os.environ.get("PREP_REQUESTS_DIR", shared)),
            Path(os.environ.get("PREP_ANSWERS_DIR", shared)),
        )

    def log(self, generation: int) -> Path:
        return self.answers / f"app-{generation}.log"

    def restart(self, generation: int) -> Path:
        return self.requests / f"restart-{generation}.json"

    def status(self, generation: int) -> Path:
        return self.answers / f"status-{generation}.json"

    def job(self, number: int) -> Path:
        return self.requests / f"job-{number}.json"

    def job_result(self, number: int) -> Path:
        return self.answers / f"job-{number}.result.json"


def app_user() -> dict[str, Any]:
    """Popen arguments that run a child as PREP_APP_USER ("uid:gid"), when this
    process may change user; none otherwise."""
    wanted = os.environ.get("PREP_APP_USER")
    if not wanted or os.getuid() != 0:
        return {}
    uid, _, gid = wanted.partition(":")
    return {"user": int(uid), "group": int(gid or uid), "extra_groups": []}


def hand_over(folder: Path, user: dict[str, Any]) -> None:
    """Make a folder the supervisor prepared the child's own (as root: chown)."""
    if not user:
        return
    # Readable by all first (Popen enters the child's working folder before it
    # changes user), then deepest first: root without CAP_DAC_OVERRIDE may no
    # longer look inside a folder once it is the child's.
    paths = sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True) + [folder]
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
        os.chown(path, user["user"], user["group"], follow_symlinks=False)


def write_json(path: Path, document: dict[str, Any]) -> None:
    """Write atomically: readers never see half a document."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(document), encoding="utf-8")
    partial.replace(path)


def read_json(path: Path) -> dict[str, Any] | None:
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def exit_code(returncode: int) -> int:
    """A shell-style exit code: killed by signal S is 128 + S."""
    return 128 - returncode if returncode < 0 else returncode


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class Generation:
    """One run of the app: its process and the thread copying its output."""

    def __init__(
        self,
        number: int,
        command: list[str],
        env: dict[str, str],
        cwd: str,
        log: Path,
        user: dict[str, Any],
    ):
        self.number = number
        self.process = subprocess.Popen(
            command,
            env=env,
            cwd=cwd,
            **user,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self.copier = threading.Thread(target=self._copy_output, args=(log,), daemon=True)
        self.copier.start()

    def _copy_output(self, log: Path) -> None:
        assert self.process.stdout is not None
        pipe = self.process.stdout.fileno()
        written = 0
        with log.open("wb") as sink:
            while chunk := os.read(pipe, 65536):
                with contextlib.suppress(OSError):
                    sys.stdout.buffer.write(chunk)
                    sys.stdout.buffer.flush()
                if written < LOG_LIMIT:
                    piece = chunk[: LOG_LIMIT - written]
                    written += len(piece)
                    with contextlib.suppress(OSError):  # a full control folder must not kill us
                        sink.write(piece + (TRUNCATED if written >= LOG_LIMIT else b""))
                        sink.flush()

    def stop(self, timeout: float) -> dict[str, Any]:
        """SIGTERM, wait up to ``timeout``, then SIGKILL; how it went."""
        start = time.monotonic()
        killed = False
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                killed = True
                self.process.kill()
                self.process.wait()
        self.copier.join(timeout=5)
        return {
            "exit_code": exit_code(self.process.returncode),
            "seconds": round(time.monotonic() - start, 3),
            "killed": killed,
        }


class Supervisor:
    def __init__(self, control: Control, app_dir: str, port: int, startup_timeout: float):
        self.control = control
        self.user = app_user()
        self.app_dir = app_dir
        self.port = port
        self.startup_timeout = startup_timeout
        self.base_env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("PREP_") and key != "PYTHONPATH"
        }
        self.stopping = False
        self.restarted = False
        self.jobs_done = 0
        self.current = self._start(0, {}, {})

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "uvicorn",
            "app.main:app",
            "--app-dir",
            self.app_dir,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--timeout-graceful-shutdown",
            "5",
        ]

    def _start(self, number: int, env: dict[str, str | None], files: dict[str, str]) -> Generation:
        merged = dict(self.base_env)
        for key, value in env.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = str(value)
        cwd = self.app_dir
        if files:
            folder = Path(tempfile.mkdtemp(prefix=f"prep-generation-{number}-"))
            for name, text in files.items():
                if "/" in name or name in ("", ".", ".."):
                    raise ValueError(f"file name must be a plain name: {name!r}")
                (folder / name).write_text(text, encoding="utf-8")
            hand_over(folder, self.user)
            cwd = str(folder)
        log = self.control.log(number)
        return Generation(number, self.command(), merged, cwd, log, self.user)

    def serve(self) -> int:
        signal.signal(signal.SIGTERM, self._on_sigterm)
        signal.signal(signal.SIGINT, self._on_sigterm)
        while not self.stopping:
            request = read_json(self.control.restart(self.current.number + 1))
            job = read_json(self.control.job(self.jobs_done + 1))
            if request is not None:
                self._restart(request)
            elif job is not None:
                self.jobs_done += 1
                write_json(self.control.job_result(self.jobs_done), self._run_job(job))
            elif not self.restarted and self.current.process.poll() is not None:
                break  # generation 0 died on its own: mirror it
            time.sleep(POLL_SECONDS)
        return int(self.current.stop(timeout=3600)["exit_code"])

    def _on_sigterm(self, number: int, frame: object) -> None:
        self.stopping = True

    def _restart(self, request: dict[str, Any]) -> None:
        self.restarted = True
        number = self.current.number + 1
        previous = self.current.stop(float(request.get("shutdown_timeout", 10)))
        status: dict[str, Any] = {"generation": number, "previous": previous}
        try:
            self.current = self._start(number, request.get("env") or {}, request.get("files") or {})
        except (OSError, ValueError) as exc:
            write_json(self.control.status(number), status | {"error": str(exc)})
            raise SystemExit(f"supervisor: cannot start generation {number}: {exc}") from None
        timeout = float(request.get("startup_timeout", self.startup_timeout))
        status |= self._wait_ready(self.current, timeout)
        write_json(self.control.status(number), status)

    def _run_job(self, job: dict[str, Any]) -> dict[str, Any]:
        """Run ``python ARGS`` in a fresh copy of the submission with ``files`` written
        over it; the app being served is not touched."""
        folder = Path(tempfile.mkdtemp(prefix=f"prep-job-{self.jobs_done}-")) / "submission"
        try:
            return self._run_in(folder, job)
        finally:
            shutil.rmtree(folder.parent, ignore_errors=True)

    def _run_in(self, folder: Path, job: dict[str, Any]) -> dict[str, Any]:
        try:
            shutil.copytree(self.app_dir, folder, symlinks=True)
            for name, text in (job.get("files") or {}).items():
                target = (folder / name).resolve()
                if not target.is_relative_to(folder.resolve()):
                    raise ValueError(f"file outside the submission: {name!r}")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
            hand_over(folder.parent, self.user)
        except (OSError, ValueError) as exc:
            return {"exit_code": None, "error": str(exc), "output": "", "seconds": 0.0}
        start = time.monotonic()
        try:
            finished = subprocess.run(
                [sys.executable, *job.get("args", [])],
                cwd=folder,
                env=self.base_env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                timeout=float(job.get("timeout", 60)),
                **self.user,
            )
            code, output, timed_out = finished.returncode, finished.stdout, False
        except subprocess.TimeoutExpired as exc:
            code, output, timed_out = None, exc.stdout or b"", True
        return {
            "exit_code": code,
            "timed_out": timed_out,
            "seconds": round(time.monotonic() - start, 3),
            "output": output.decode(errors="replace")[-JOB_OUTPUT_CHARS:],
        }

    def _wait_ready(self, generation: Generation, timeout: float) -> dict[str, Any]:
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if generation.process.poll() is not None:
                generation.copier.join(timeout=5)
                return {"ready": False, "exit_code": exit_code(generation.process.returncode)}
            if port_open(self.port):
                return {"ready": True, "startup_seconds": round(time.monotonic() - start, 3)}
            time.sleep(0.02)
        return {"ready": False, "exit_code": None, "timed_out": True}


def main() -> int:
    supervisor = Supervisor(
        Control.from_env(),
        app_dir=os.environ.get("PREP_APP_DIR", os.getcwd()),
        port=int(os.environ.get("PREP_APP_PORT", "8000")),
        startup_timeout=float(os.environ.get("PREP_STARTUP_TIMEOUT", "20")),
    )
    return supervisor.serve()


if __name__ == "__main__":
    sys.exit(main())
