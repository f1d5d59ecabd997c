"""Docker backend: the candidate's app and the trusted tester in two containers.

The app container has no network at all. The tester joins the app's network
namespace (``network_mode="container:<app>"``) and reaches it on 127.0.0.1;
the hidden suite is mounted into the tester only. Every container carries
labels, so ``sweep_orphans`` finds what a crashed or interrupted run left.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import docker
import docker.errors
import requests.exceptions
import urllib3.exceptions
from docker.models.containers import Container
from docker.types import LogConfig, Mount

from ..errors import EngineUnavailable, ImageMissing, InfrastructureError
from .base import (
    APP_PORT,
    Isolation,
    SandboxJob,
    SandboxLimits,
    SandboxOutcome,
    printable,
    read_json,
    tail,
    wait_for_startup,
)

LABEL = "fastapi-prep"
SANDBOX_USER = "10001:10001"  # the candidate's app (and its tests, for exercise 12)
TESTER_USER = "10002:10002"  # the hidden suite: another user, so the app cannot write its requests
# The supervisor starts as root with only these capabilities: to start the app
# as SANDBOX_USER, hand it the folders it prepared, and stop it. It can write
# the answers the app cannot forge.
SUPERVISOR_USER = "0:0"
SUPERVISOR_CAPABILITIES = ["SETUID", "SETGID", "CHOWN", "KILL"]
# The supervisor serves app.main:app with uvicorn and restarts it when the
# hidden suite asks (grader/harness/supervisor.py).
APP_COMMAND = ["python", "-m", "prep_harness.supervisor"]
TESTER_COMMAND = ["python", "-m", "prep_harness.runner", "/suite"]
HARNESS_MOUNT = "/opt/harness/prep_harness"
REQUESTS_MOUNT = "/prep/requests"  # the tester writes, the supervisor reads
ANSWERS_MOUNT = "/prep/answers"  # the supervisor writes (logs, statuses), the tester reads
CONTROL_MB = 16
POLL_SECONDS = 0.05
CLEAN_EXIT_CODES = (0, 143)
# A fork bomb holds the container at its pids limit; processes that die and
# fork again leave it a slot or two below at any moment.
PIDS_MARGIN = 2
ENGINE_HINT = "start one with `sudo bash scripts/setup.sh` (see README)"


@contextlib.contextmanager
def map_docker_errors() -> Iterator[None]:
    """Translate the SDK's exceptions into the grader's error tree."""
    try:
        yield
    except docker.errors.ImageNotFound as exc:
        raise ImageMissing(
            f"runner image missing ({exc.explanation}); run `prep image build`"
        ) from exc
    except (docker.errors.APIError, docker.errors.BuildError) as exc:
        raise InfrastructureError(f"docker engine error: {exc}") from exc
    except (docker.errors.DockerException, requests.exceptions.ConnectionError) as exc:
        raise EngineUnavailable(f"no Docker engine answers ({_short(exc)}); {ENGINE_HINT}") from exc
    except requests.exceptions.RequestException as exc:  # a read timeout, a broken reply
        raise EngineUnavailable(f"the Docker engine stopped answering ({_short(exc)})") from exc


def connect() -> docker.DockerClient:
    """A client to the engine of the environment, checked with a ping."""
    _probe_unix_socket(os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock"))
    with map_docker_errors():
        client = docker.from_env(timeout=30)
        try:
            client.ping()
        except BaseException:
            client.close()
            raise
    return client


def _probe_unix_socket(host: str) -> None:
    """Fail fast, and without leaking a socket, when a local engine is not there."""
    if not host.startswith("unix://"):
        return
    path = host.removeprefix("unix://")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(5)
        try:
            probe.connect(path)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise EngineUnavailable(
                f"no Docker engine answers at {path} ({reason}); {ENGINE_HINT}"
            ) from None


def hardened(limits: SandboxLimits, *, memory_mb: int, pids: int, run_id: str) -> dict[str, Any]:
    """Container arguments shared by app and tester: every restriction in one place."""
    memory = f"{memory_mb}m"
    return {
        "user": SANDBOX_USER,
        "cap_drop": ["ALL"],
        "security_opt": ["no-new-privileges"],
        "read_only": True,
        "tmpfs": {"/tmp": f"rw,nosuid,nodev,noexec,size={limits.tmpfs_mb}m,mode=1777"},
        "mem_limit": memory,
        "memswap_limit": memory,  # no swap beyond the memory limit
        "nano_cpus": int(limits.cpus * 1e9),
        "pids_limit": pids,
        "init": True,  # forwards SIGTERM to the supervisor and reaps zombies
        "log_config": LogConfig(type="json-file", config={"max-size": "1m", "max-file": "1"}),
        "environment": {"HOME": "/tmp", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1"},
        "labels": run_labels(run_id),
        "detach": True,
    }


def run_labels(run_id: str) -> dict[str, str]:
    """Labels on everything a run creates: what sweep_orphans and remove_run look for."""
    return {
        LABEL: "1",
        f"{LABEL}.run": run_id,
        f"{LABEL}.pid": str(os.getpid()),
        f"{LABEL}.host": socket.gethostname(),
    }


class DockerSandbox:
    name = "docker"
    isolation: Isolation = "container"

    def __init__(self, client: docker.DockerClient, image: str) -> None:
        self.client = client
        self.image = image
        with map_docker_errors():
            self.image_id: str = client.images.get(image).id

    @classmethod
    def from_env(cls) -> DockerSandbox:
        from .image import current_tag, require_image

        client = connect()
        sweep_orphans(client)
        image = current_tag()
        require_image(client, image)
        return cls(client, image)

    def run(self, job: SandboxJob) -> SandboxOutcome:
        try:
            with map_docker_errors():
                try:
                    with deferred_interrupt():  # never leave a half-created container unnamed
                        control = self._create_control_volumes(job)
                        app = self._start_app(job, control)
                        tester = self._start_tester(job, app, control)
                    return self._observe(job, app, tester)
                finally:
                    # By label, not by handle: Ctrl-C may land between create and start.
                    self.remove_run(job.run_id)
        except EngineUnavailable as exc:
            cause = _short(exc.__cause__ or exc)
            raise EngineUnavailable(
                f"the Docker engine stopped answering while grading ({cause}); "
                "the containers it was running are removed at the next start"
            ) from exc

    def abort_runs(self) -> None:
        """Remove every container and volume this grader process started: a
        batch's Ctrl-C ends the gradings still running in other threads."""
        self._remove_labelled({"label": f"{LABEL}.pid={os.getpid()}"})

    def remove_run(self, run_id: str) -> None:
        """Remove every container and volume of one grading run, running or not."""
        self._remove_labelled({"label": f"{LABEL}.run={run_id}"})

    def _remove_labelled(self, selector: dict[str, str]) -> None:
        for entry in self.client.api.containers(all=True, filters=selector):
            with contextlib.suppress(docker.errors.APIError):
                self.client.api.remove_container(entry["Id"], force=True)
        _remove_volumes(self.client, selector)

    def facts(self, limits: SandboxLimits) -> dict[str, Any]:
        return {
            "backend": self.name,
            "isolation": self.isolation,
            "image": self.image,
            "image_id": self.image_id,
            "limits": limits.as_dict(),
        }

    def _create_control_volumes(self, job: SandboxJob) -> tuple[str, str]:
        """Two small tmpfs volumes both containers mount, bounded and gone with the
        run: requests (owned by the tester) and answers (owned by the supervisor).
        The app's user owns neither."""
        names = []
        for kind, owner in (("requests", TESTER_USER), ("answers", SUPERVISOR_USER)):
            uid, gid = owner.split(":")
            name = f"prep-{kind}-{job.run_id}"
            self.client.volumes.create(
                name=name,
                driver="local",
                driver_opts={
                    "type": "tmpfs",
                    "device": "tmpfs",
                    "o": f"size={CONTROL_MB}m,uid={uid},gid={gid},mode=0755,nosuid,nodev,noexec",
                },
                labels=run_labels(job.run_id),
            )
            names.append(name)
        return names[0], names[1]

    def _start_app(self, job: SandboxJob, control: tuple[str, str]) -> Container:
        limits = job.limits
        options = hardened(limits, memory_mb=limits.memory_mb, pids=limits.pids, run_id=job.run_id)
        options["user"] = SUPERVISOR_USER
        options["cap_add"] = SUPERVISOR_CAPABILITIES
        options["environment"] |= {
            "PREP_APP_USER": SANDBOX_USER,
            "PREP_REQUESTS_DIR": REQUESTS_MOUNT,
            "PREP_ANSWERS_DIR": ANSWERS_MOUNT,
            "PREP_APP_DIR": "/srv/submission",
            "PREP_APP_PORT": str(APP_PORT),
            "PREP_STARTUP_TIMEOUT": str(limits.startup_timeout),
            "PYTHONPATH": "/opt/harness",  # the supervisor drops it for the app
        }
        mounts = [
            Mount("/srv/submission", str(job.submission_dir), type="bind", read_only=True),
            Mount(HARNESS_MOUNT, str(job.harness_dir), type="bind", read_only=True),
            Mount(REQUESTS_MOUNT, control[0], type="volume", read_only=True),
            Mount(ANSWERS_MOUNT, control[1], type="volume"),
        ]
        return self.client.containers.run(
            self.image,
            APP_COMMAND,
            name=f"prep-app-{job.run_id}",
            network_mode="none",
            working_dir="/srv/submission",
            mounts=mounts,
            **options,
        )

    def _start_tester(self, job: SandboxJob, app: Container, control: tuple[str, str]) -> Container:
        limits = job.limits
        options = hardened(
            limits, memory_mb=limits.tester_memory_mb, pids=limits.tester_pids, run_id=job.run_id
        )
        options["user"] = TESTER_USER
        options["environment"] |= {
            "PREP_APP_URL": f"http://127.0.0.1:{APP_PORT}",
            "PREP_RESULTS": "/out/results.json",
            "PREP_STARTUP_TIMEOUT": str(limits.startup_timeout),
            "PREP_REQUESTS_DIR": REQUESTS_MOUNT,
            "PREP_ANSWERS_DIR": ANSWERS_MOUNT,
            "PYTHONPATH": "/opt/harness",
        }
        mounts = [
            Mount("/suite", str(job.suite_dir), type="bind", read_only=True),
            Mount(HARNESS_MOUNT, str(job.harness_dir), type="bind", read_only=True),
            Mount("/out", str(job.output_dir), type="bind", read_only=False),
            Mount(REQUESTS_MOUNT, control[0], type="volume"),
            Mount(ANSWERS_MOUNT, control[1], type="volume", read_only=True),
        ]
        return self.client.containers.run(
            self.image,
            TESTER_COMMAND,
            name=f"prep-tester-{job.run_id}",
            network_mode=f"container:{app.id}",
            working_dir="/tmp",
            mounts=mounts,
            **options,
        )

    def _observe(self, job: SandboxJob, app: Container, tester: Container) -> SandboxOutcome:
        limits = job.limits
        startup = wait_for_startup(job.output_dir / "startup.json", limits, lambda: _exited(app))
        ready = bool(startup.get("ready"))
        suite_timed_out = False
        if ready:
            suite_timed_out = not _wait_exit(tester, limits.suite_timeout)
        else:
            _kill(tester)
        app.reload()
        exited_early = app.status != "running"
        pids_exhausted = not exited_early and _pids_exhausted(app)
        graceful: bool | None = None
        seconds: float | None = None
        if ready and not exited_early:
            graceful, seconds = _stop(app, limits.shutdown_timeout)
        elif not exited_early:
            _kill(app)  # never came up: nothing to shut down gracefully
        app.reload()
        state = app.attrs["State"]
        return SandboxOutcome(
            app_ready=ready,
            startup_seconds=startup.get("seconds"),
            results=read_json(job.output_dir / "results.json") if ready else None,
            app_exit_code=state.get("ExitCode"),
            app_oom_killed=bool(state.get("OOMKilled")),
            app_exited_early=exited_early,
            app_pids_exhausted=pids_exhausted,
            startup_timed_out=bool(startup.get("timed_out")),
            suite_timed_out=suite_timed_out,
            shutdown_graceful=graceful,
            shutdown_seconds=seconds,
            app_log=_logs(app),
            tester_log=_logs(tester),
            facts=self.facts(limits),
        )


@contextlib.contextmanager
def deferred_interrupt() -> Iterator[None]:
    """Hold Ctrl-C until the block ends, then raise it (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: received.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if received:
        raise KeyboardInterrupt


def _exited(app: Container) -> bool:
    app.reload()
    return bool(app.status == "exited")


def _wait_exit(container: Container, timeout: float) -> bool:
    """True when ``container`` exited within ``timeout``; kills it otherwise."""
    try:
        container.wait(timeout=timeout)
        return True
    except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
        if not _is_read_timeout(exc):
            raise  # the engine went away: map_docker_errors says so
        _kill(container)
        return False


def _is_read_timeout(exc: requests.exceptions.RequestException) -> bool:
    """The SDK reports its read timeout as a ConnectionError around urllib3's."""
    cause = exc.args[0] if exc.args else None
    return isinstance(exc, requests.exceptions.Timeout) or isinstance(
        cause, urllib3.exceptions.ReadTimeoutError
    )


def _pids_exhausted(container: Container) -> bool:
    """Whether the running container holds as many processes and threads as its
    pids limit allows: what a fork bomb looks like from outside (its log may
    say nothing). One sample, read without waiting for a CPU interval."""
    try:
        stats = container.stats(stream=False, one_shot=True)
    except docker.errors.APIError:
        return False  # exited meanwhile
    pids = stats.get("pids_stats") or {}
    current, limit = pids.get("current") or 0, pids.get("limit") or 0
    return bool(limit) and current >= limit - PIDS_MARGIN


def _kill(container: Container) -> None:
    with contextlib.suppress(docker.errors.APIError):  # already exited
        container.kill()


def _stop(app: Container, timeout: float) -> tuple[bool, float]:
    """SIGTERM the app; graceful when it exits by itself before the deadline.

    uvicorn finishes its shutdown, then re-raises SIGTERM, so 143 (128 + 15)
    is a clean exit as well as 0; 137 means Docker had to SIGKILL it.
    """
    start = time.monotonic()
    app.stop(timeout=int(timeout))
    seconds = round(time.monotonic() - start, 3)
    app.reload()
    clean = app.attrs["State"].get("ExitCode") in CLEAN_EXIT_CODES
    return clean and seconds < timeout, seconds


def _logs(container: Container) -> str:
    """The log's tail, made printable: the app wrote it, a person reads it."""
    raw: bytes = container.logs(stdout=True, stderr=True)
    return tail(printable(raw.decode("utf-8", errors="replace")))


def sweep_orphans(client: docker.DockerClient) -> int:
    """Remove containers (and their volumes) left by grader processes of this
    host that are gone."""
    removed = 0
    with map_docker_errors():
        for entry in client.api.containers(all=True, filters={"label": LABEL}):
            if _orphaned(entry.get("Labels") or {}):
                with contextlib.suppress(docker.errors.APIError):
                    client.api.remove_container(entry["Id"], force=True)
                    removed += 1
        for volume in client.api.volumes(filters={"label": LABEL}).get("Volumes") or []:
            if _orphaned(volume.get("Labels") or {}):
                with contextlib.suppress(docker.errors.APIError):
                    client.api.remove_volume(volume["Name"], force=True)
    return removed


def _orphaned(labels: dict[str, str]) -> bool:
    mine = labels.get(f"{LABEL}.host") == socket.gethostname()
    return mine and not _alive(labels.get(f"{LABEL}.pid"))


def _remove_volumes(client: docker.DockerClient, selector: dict[str, str]) -> None:
    for volume in client.api.volumes(filters=selector).get("Volumes") or []:
        with contextlib.suppress(docker.errors.APIError):
            client.api.remove_volume(volume["Name"], force=True)


def _alive(pid: str | None) -> bool:
    try:
        os.kill(int(pid or ""), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]
