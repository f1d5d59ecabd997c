"""Local backend: the app and the tester as processes of this machine, for
machines without Docker. Weaker than the containers; docs/security.md says
what it stops and what it does not.

The same two roles as the Docker backend, the same harness and timeouts:

- the **app**: ``prep_harness.supervisor`` serving a copy of the staged
  submission, in its own session, with rlimits set in a ``preexec_fn``
  (address space, CPU seconds, processes, file size, no core files, small
  thread stacks) and pinned to as many CPUs as the limits allow;
- the **tester**: ``prep_harness.runner`` and the hidden suite, in another
  process with its own limits; the two share only the control folder.

Where the kernel allows it, a holder process (``namespace_holder.py``) is
started by ``unshare`` in new network, mount, IPC and pid namespaces (inside
a new user namespace for an ordinary user), and the app joins them with
``nsenter``: it sees only loopback, a read-only host tree with its own /tmp,
and only the run's processes. The tester joins the network namespace and
reaches the app on 127.0.0.1:8000. As root each run also gets two unused
uids (app, tester) sharing one gid. ``setpriv`` drops every capability and
sets no_new_privs. When no namespace can be made, both run on the host's
network, on a free port. ``facts()["mechanisms"]`` says what was in force.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import random
import resource
import select
import shutil
import signal
import site
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Literal

from .. import catalog
from ..errors import InfrastructureError
from .base import (
    APP_PORT,
    Isolation,
    SandboxJob,
    SandboxLimits,
    SandboxOutcome,
    read_json,
    tail,
    wait_for_startup,
)

log = logging.getLogger(__name__)

Namespace = Literal["root", "user"]

HOLDER = Path(__file__).with_name("namespace_holder.py")
HOLDER_COMMAND = [sys.executable, "-I", str(HOLDER)]
NEEDED_MODULES = ("uvicorn", "fastapi", "pytest", "httpx", "anyio")
NEEDED_TOOLS = ("unshare", "nsenter", "setpriv")
# RLIMIT_AS bounds address space, not resident memory: threads reserve their
# stacks and malloc its arenas up front. The app may map its memory limit
# plus this much, with at most MALLOC_ARENAS arenas and THREAD_STACK_MB stacks.
ADDRESS_SPACE_HEADROOM_MB = 256
MALLOC_ARENAS = 2
THREAD_STACK_MB = 2
CPU_SECONDS_SLACK = 10
CONTROL_MB = 16  # as the Docker backend's control volume
SANDBOX_UIDS = range(2_000_000_000, 2_100_000_000, 2)  # app = n, tester = n + 1, gid = n
CLEAN_EXIT_CODES = (0, 143)
PIDS_MARGIN = 2  # a fork bomb holds its limit, give or take the processes dying right now
POLL_SECONDS = 0.05
HOLDER_START_SECONDS = 10.0
SAFE_PATH = "/usr/local/bin:/usr/bin:/bin"


@dataclass(frozen=True)
class Confinement:
    """What this machine lets the backend use, found once by ``detect()``."""

    namespace: Namespace | None  # None: no network namespace could be made
    drop_user: bool  # root: each run's processes get their own unused uids
    views: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (folder, children) made enterable
    reason: str = ""  # why there is no namespace
    read_only: bool = False  # the app's mount namespace can be made read-only
    pid_namespace: bool = False  # the run's processes see (and outlive) only each other

    def mechanisms(self, limits: SandboxLimits) -> dict[str, str]:
        shared = " (shared with the tester)" if self.namespace == "user" else ""
        nproc = _nproc_limits(self, limits)[0]
        namespaces = ["network", "mount", "ipc"] + ["pid"] * self.pid_namespace
        if self.namespace == "user":
            namespaces.insert(0, "user")
        return {
            "network": "namespace" if self.namespace else "none",
            "network_detail": (
                "loopback only" if self.namespace else f"the host's network: {self.reason}"
            ),
            "namespaces": ", ".join(namespaces) if self.namespace else "none",
            "user": "per-run uids (app, tester)" if self.drop_user else "the grader's user",
            "capabilities": "all dropped, no_new_privs",
            "memory": (
                f"RLIMIT_AS {limits.memory_mb + ADDRESS_SPACE_HEADROOM_MB} MiB "
                "(address space, not resident memory)"
            ),
            "cpu": f"{_cpu_count(limits)} cpu(s) by affinity, RLIMIT_CPU {_cpu_seconds(limits)} s",
            "processes": f"RLIMIT_NPROC {nproc}{shared}" if nproc else "not limited",
            "process_view": (
                "own pid namespace: sees only the run's processes, all killed with it"
                if self.pid_namespace
                else "the host's processes"
            ),
            "files": f"RLIMIT_FSIZE {limits.tmpfs_mb} MiB per file",
            "filesystem": self._filesystem(limits),
        }

    def _filesystem(self, limits: SandboxLimits) -> str:
        if not self.namespace:
            return "the host's, writable where the user may write; private TMPDIR and HOME"
        private = f"private /tmp and /dev/shm (tmpfs, {limits.tmpfs_mb} MiB each)"
        if self.read_only:
            return f"the host's, read-only; {private}"
        return f"the host's, writable where the user may write; {private}"


def detect() -> Confinement:
    """The strongest confinement this machine allows, trying it for real."""
    missing = [tool for tool in NEEDED_TOOLS if shutil.which(tool) is None]
    root = os.geteuid() == 0
    namespace: Namespace | None = None
    reason = ""
    if missing:
        reason = f"{', '.join(missing)} not found (util-linux)"
    else:
        namespace = "root" if root else "user"
        for pid_namespace in (True, False):  # mounting a new /proc may be refused
            probe = _probe([*_unshare(namespace, pid_namespace), *HOLDER_COMMAND, "--probe"])
            if probe is not None:
                break
        else:
            namespace, reason = None, "the kernel refused new namespaces (unshare)"
    if root and namespace is None and _views_for(_interpreter_paths()):
        raise InfrastructureError(
            "local sandbox: running as root without namespaces, and this Python "
            f"({sys.executable}) is in a folder an unprivileged user cannot enter; "
            "use the Docker sandbox or run prep as an ordinary user"
        )
    if namespace is None:
        return Confinement(None, root, (), reason)
    needed = [*_interpreter_paths(), Path(tempfile.gettempdir()).resolve()]
    views = _views_for(needed, private=_private_folders())
    read_only = bool(probe and probe.get("read_only"))
    return Confinement(namespace, root, views, reason, read_only, pid_namespace)


def _unshare(namespace: Namespace, pid_namespace: bool) -> list[str]:
    """New network and mount namespaces (as root directly, otherwise inside a
    new user namespace where the user is root), and a pid namespace whose
    first process is the command: when it ends, the kernel kills the rest."""
    if namespace == "root":
        command = ["unshare", "--net", "--mount", "--ipc", "--propagation", "private"]
    else:
        command = ["unshare", "--user", "--map-root-user", "--net", "--mount", "--ipc"]
    if pid_namespace:
        command += ["--pid", "--fork", "--kill-child", "--mount-proc"]
    return command


def _probe(command: list[str]) -> dict[str, Any] | None:
    """What ``namespace_holder.py --probe`` says inside the new namespaces, or
    None when they cannot be made."""
    try:
        done = subprocess.run(command, capture_output=True, timeout=20)
        return dict(json.loads(done.stdout)) if done.returncode == 0 else None
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return None


def _interpreter_paths() -> list[Path]:
    """Folders the sandbox user must reach to run this Python and its packages."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    paths |= {os.path.dirname(os.path.realpath(sys.executable)), *site.getsitepackages()}
    return sorted(Path(os.path.realpath(path)) for path in paths if os.path.isdir(path))


def _views_for(
    paths: list[Path], private: list[Path] | None = None
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """For each ancestor of ``paths`` that others cannot enter (mode without o+x),
    and each ``private`` folder, the children on the way to ``paths``: the
    holder shows only those there (none: the folder looks empty)."""
    closed: dict[str, set[str]] = {
        str(folder): set() for folder in private or () if folder not in paths
    }
    for path in paths:
        for parent, child in zip(path.parents, (path, *path.parents), strict=False):
            if str(parent) in closed or not parent.stat().st_mode & stat.S_IXOTH:
                closed.setdefault(str(parent), set()).add(child.name)
    ordered = sorted(closed, key=lambda folder: folder.count("/"))  # outermost first
    shown = [folder for folder in ordered if _shown(Path(folder), closed)]
    return tuple((folder, tuple(sorted(closed[folder]))) for folder in shown)


def _shown(folder: Path, closed: dict[str, set[str]]) -> bool:
    """Whether ``folder`` is still there once the views above it are in place."""
    return all(
        child.name in closed[str(parent)]
        for parent, child in zip(folder.parents, (folder, *folder.parents), strict=False)
        if str(parent) in closed
    )


def _private_folders() -> list[Path]:
    """Folders the app must not read: the user's home, the exercises (hidden
    suites, solutions) and the git checkout that holds them."""
    exercises = catalog.exercises_root().resolve()
    checkout = next((folder for folder in exercises.parents if (folder / ".git").exists()), None)
    found = [Path.home().resolve(), exercises, checkout]
    return [folder for folder in found if folder and folder.is_dir() and len(folder.parts) > 1]


def _cpu_count(limits: SandboxLimits) -> int:
    return max(1, min(math.ceil(limits.cpus), len(os.sched_getaffinity(0))))


def _cpu_seconds(limits: SandboxLimits) -> int:
    wall = limits.startup_timeout + limits.suite_timeout + limits.shutdown_timeout
    return math.ceil(wall * _cpu_count(limits)) + CPU_SECONDS_SLACK


def _nproc_limits(confinement: Confinement, limits: SandboxLimits) -> tuple[int, int]:
    """RLIMIT_NPROC of the app and of the tester; 0 where it would mean nothing.

    NPROC counts every process (and thread) of a uid within a user namespace.
    With per-run uids it counts exactly the app's; in a user namespace of
    its own, the app's and the tester's together; otherwise all of the
    user's processes on the machine, so it is left alone.
    """
    if confinement.drop_user:
        return limits.pids, limits.tester_pids
    if confinement.namespace == "user":
        shared = limits.pids + limits.tester_pids
        return shared, shared
    return 0, 0


class TailReader:
    """Reads a pipe to its end on a thread, keeping only the last ``limit`` bytes."""

    def __init__(self, stream: Any, limit: int) -> None:
        self.stream = stream
        self.limit = limit
        self.data = bytearray()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            while chunk := self.stream.read1(65536):
                self.data += chunk
                if len(self.data) > 2 * self.limit:
                    del self.data[: len(self.data) - self.limit]

    def text(self) -> str:
        self.thread.join(timeout=5)
        return tail(bytes(self.data[-self.limit :]).decode("utf-8", errors="replace"))


@dataclass
class Role:
    """One of the two processes: who it runs as, its limits, where it works."""

    name: Literal["app", "tester"]
    uid: int | None
    memory_mb: int
    nproc: int
    home: Path
    process: subprocess.Popen[bytes] | None = None
    output: TailReader | None = None
    ended_by_grader: bool = False


@dataclass(eq=False)  # hashed by identity: the sandbox keeps a set of active runs
class Run:
    """The folders and processes of one ``LocalSandbox.run``."""

    job: SandboxJob
    folder: Path
    gid: int | None
    port: int
    app: Role
    tester: Role
    holder: subprocess.Popen[bytes] | None = None
    holder_pid: int = 0  # the holder itself: unshare's child when it made a pid namespace
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def out(self) -> Path:
        return self.folder / "out"

    @property
    def control(self) -> Path:
        return self.folder / "control"


class LocalSandbox:
    name = "local"
    isolation: Isolation = "process"

    def __init__(self, confinement: Confinement) -> None:
        self.confinement = confinement
        self._active: set[Run] = set()
        self._lock = threading.Lock()

    @classmethod
    def from_env(cls) -> LocalSandbox:
        missing = [module for module in NEEDED_MODULES if find_spec(module) is None]
        if missing:
            raise InfrastructureError(
                f"local sandbox: this Python lacks {', '.join(missing)}; "
                "install them (pip install 'fastapi-prep[exercises]')"
            )
        return cls(detect())

    def facts(self, limits: SandboxLimits) -> dict[str, Any]:
        return {
            "backend": self.name,
            "isolation": self.isolation,
            "limits": limits.as_dict(),
            "mechanisms": self.confinement.mechanisms(limits),
        }

    def run(self, job: SandboxJob) -> SandboxOutcome:
        run = self._prepare(job)
        with self._lock:
            self._active.add(run)
        try:
            if self.confinement.namespace:
                run.holder = self._start_holder(run)
            self._start(run, run.app, self._app_command(run), self._app_env(run))
            self._start(run, run.tester, self._tester_command(run), self._tester_env(run))
            outcome = self._observe(run)
            _copy_results(run.out, job.output_dir)
            return outcome
        finally:
            self._clean_up(run)
            with self._lock:
                self._active.discard(run)

    def abort_runs(self) -> None:
        """Kill the processes of every run in progress (a batch's Ctrl-C)."""
        with self._lock:
            runs = list(self._active)
        for run in runs:
            for role in (run.tester, run.app):
                role.ended_by_grader = True
                _kill_group(role.process)

    # -- preparing ------------------------------------------------------------

    def _prepare(self, job: SandboxJob) -> Run:
        """A private folder with copies the sandbox users may read; as root, the
        suite and results only the tester's uid can read."""
        folder = Path(tempfile.mkdtemp(prefix=f"prep-local-{job.run_id}-"))
        try:
            return self._lay_out(job, folder)
        except BaseException:
            _remove_tree(folder)
            raise

    def _lay_out(self, job: SandboxJob, folder: Path) -> Run:
        limits = job.limits
        drop = self.confinement.drop_user
        first = _unused_uid_pair() if drop else None
        app_uid, tester_uid, gid = (first, first + 1, first) if first is not None else (None,) * 3
        app_nproc, tester_nproc = _nproc_limits(self.confinement, limits)
        run = Run(
            job=job,
            folder=folder,
            gid=gid,
            port=APP_PORT if self.confinement.namespace else _free_port(),
            app=Role("app", app_uid, limits.memory_mb, app_nproc, folder / "app-home"),
            tester=Role(
                "tester", tester_uid, limits.tester_memory_mb, tester_nproc, folder / "tester-home"
            ),
        )
        shutil.copytree(job.submission_dir, folder / "submission")
        shutil.copytree(job.harness_dir, folder / "harness" / "prep_harness")
        shutil.copytree(job.suite_dir, folder / "suite")
        shutil.copytree(job.output_dir, run.out)  # whatever the grader left for the runner
        for path in (run.control, run.app.home, run.tester.home):
            path.mkdir()
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        if drop:
            folder.chmod(0o711)  # enterable, not listable
            _own(folder / "suite", tester_uid, gid, 0o700, 0o600)
            _own(run.out, tester_uid, gid, 0o700, 0o600)
            _own(run.app.home, app_uid, gid, 0o700, 0o600)
            _own(run.tester.home, tester_uid, gid, 0o700, 0o600)
            os.chown(run.control, 0, gid or 0)
            run.control.chmod(0o2770)  # both write, files keep the run's group
        else:
            folder.chmod(0o700)
        return run

    # -- starting -------------------------------------------------------------

    def _start_holder(self, run: Run) -> subprocess.Popen[bytes]:
        namespace = self.confinement.namespace
        assert namespace is not None
        pid_namespace = self.confinement.pid_namespace
        command = [*_unshare(namespace, pid_namespace), *HOLDER_COMMAND]
        command.append(json.dumps(self._holder_spec(run)))
        holder = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        run.processes.append(holder)
        answer = _read_line(holder, HOLDER_START_SECONDS)
        children = _children(holder.pid) if pid_namespace else [holder.pid]
        if answer != "ready" or not children:
            _stop_holder(holder)
            raise InfrastructureError(f"local sandbox: the namespace holder failed: {answer}")
        run.holder_pid = children[0]
        return holder

    def _holder_spec(self, run: Run) -> dict[str, Any]:
        """How the holder shapes the mount namespace the app sees: read-only, its
        own /tmp, /dev/shm and /run, the run's folder back in place with a small
        tmpfs for the control folder; the home folder, the exercises and their
        checkout show only what the interpreter needs. As root the tester
        shares it (the uids keep the two apart); otherwise the tester stays
        outside, where the suite and results are (hidden in there), and reaches
        the control folder through the holder's root."""
        size = run.job.limits.tmpfs_mb
        spec: dict[str, Any] = {
            "views": self._view_specs(run),
            "read_only": self.confinement.read_only,
            # /run too: it holds the sockets of the machine's daemons (Docker's).
            "private": [["/tmp", size], ["/dev/shm", size], ["/run", 1]],
            "run": str(run.folder),
            "control": [str(run.control), CONTROL_MB, 0o2770 if run.gid else 0o700, run.gid],
        }
        tester_only = [run.folder / "suite", run.out, run.tester.home]
        if self.confinement.namespace == "root":  # the uids keep the app out of them
            spec["writable"] = [str(run.out), str(run.tester.home)]
        else:
            spec["hidden"] = [str(path) for path in tester_only]
        return spec

    def _view_specs(self, run: Run) -> list[list[object]]:
        specs: list[list[object]] = []
        for number, (folder, children) in enumerate(self.confinement.views):
            view = run.folder / "views" / str(number)
            view.mkdir(parents=True)
            view.chmod(0o711)
            specs.append([str(view), folder, list(children)])
        if specs:
            (run.folder / "views").chmod(0o711)
        return specs

    def _start(self, run: Run, role: Role, command: list[str], env: dict[str, str]) -> None:
        limits = run.job.limits
        workdir = self._workdir(run, role)
        cpus = sorted(os.sched_getaffinity(0))[-_cpu_count(limits) :] if role.name == "app" else []
        role.process = subprocess.Popen(
            command,
            env=env,
            cwd=workdir,  # `env --chdir` sets it again inside the namespaces
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed as one
            preexec_fn=_limiter(role, limits, cpus),
        )
        run.processes.append(role.process)
        role.output = TailReader(role.process.stdout, limits.log_bytes)

    @staticmethod
    def _workdir(run: Run, role: Role) -> Path:
        return run.folder / "submission" if role.name == "app" else role.home

    def _wrap(self, run: Run, role: Role, command: list[str]) -> list[str]:
        """``command`` inside the run's namespaces, as the role's user, without
        capabilities."""
        prefix: list[str] = []
        drop_user = self.confinement.drop_user
        holder = f"/proc/{run.holder_pid}/ns"
        if self.confinement.namespace == "root":
            prefix = ["nsenter", f"--net={holder}/net", f"--mount={holder}/mnt"]
        elif self.confinement.namespace == "user":
            prefix = ["nsenter", f"--user={holder}/user", f"--net={holder}/net"]
            if role.name == "app":  # the tester keeps the host's view of the files
                prefix.append(f"--mount={holder}/mnt")
            prefix.append("--preserve-credentials")  # setgroups is denied in there
        if prefix and role.name == "app":  # no System V IPC or message queues of the host
            prefix.append(f"--ipc={holder}/ipc")
        # The app's pid namespace; the tester's too as root, where its uid keeps the
        # app from signalling or tracing it. Otherwise it stays out of the app's sight.
        if prefix and self.confinement.pid_namespace and (drop_user or role.name == "app"):
            prefix.append(f"--pid={holder}/pid")  # nsenter then forks: the role is its child
        if prefix:
            # chdir once inside: nsenter's --wd keeps a folder of the host's mount
            # namespace, which getcwd() cannot name for a user who cannot list /tmp.
            prefix += ["--", "env", f"--chdir={self._workdir(run, role)}"]
        drop = ["setpriv", "--no-new-privs"]
        if role.uid is not None:
            drop += [f"--reuid={role.uid}", f"--regid={run.gid}", "--clear-groups"]
        if self.confinement.namespace or role.uid is not None:  # root here or in the namespace
            drop += ["--inh-caps=-all", "--bounding-set=-all"]
        return [*prefix, *drop, "--", *command]

    def _app_command(self, run: Run) -> list[str]:
        command = [sys.executable, "-m", "prep_harness.supervisor"]
        return self._wrap(run, run.app, command)

    def _tester_command(self, run: Run) -> list[str]:
        command = [sys.executable, "-m", "prep_harness.runner", str(run.folder / "suite")]
        return self._wrap(run, run.tester, command)

    def _base_env(self, run: Run, role: Role) -> dict[str, str]:
        home = str(role.home)
        if role.name == "app" and self.confinement.namespace:
            home = "/tmp"  # its own tmpfs in there, as in the app container
        env = {
            "PATH": SAFE_PATH,
            "LANG": "C.UTF-8",
            "HOME": home,
            "TMPDIR": home,
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": str(run.folder / "harness"),  # the supervisor drops it for the app
            "MALLOC_ARENA_MAX": str(MALLOC_ARENAS),
            "PREP_CONTROL_DIR": str(run.control),
            "PREP_STARTUP_TIMEOUT": str(run.job.limits.startup_timeout),
        }
        user_site = site.getusersitepackages()
        if not self.confinement.drop_user and site.ENABLE_USER_SITE and Path(user_site).is_dir():
            env["PYTHONUSERBASE"] = site.getuserbase()  # HOME moved; keep `pip --user` packages
        return env

    def _app_env(self, run: Run) -> dict[str, str]:
        return self._base_env(run, run.app) | {
            "PREP_APP_DIR": str(run.folder / "submission"),
            "PREP_APP_PORT": str(run.port),
        }

    def _tester_env(self, run: Run) -> dict[str, str]:
        suite = run.folder / "suite"
        control = run.control
        if self.confinement.namespace == "user":  # it stays outside the mount namespace
            control = Path(f"/proc/{run.holder_pid}/root{run.control}")
        return self._base_env(run, run.tester) | {
            "PREP_CONTROL_DIR": str(control),
            "PREP_APP_URL": f"http://127.0.0.1:{run.port}",
            "PREP_RESULTS": str(run.out / "results.json"),
            # Only the plugins the runner image has, and no pytest.ini or
            # conftest.py from the folders above the suite (/tmp is anyone's).
            "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
            "PYTEST_ADDOPTS": f"-p anyio -c {os.devnull} --confcutdir={suite}",
        }

    # -- observing ------------------------------------------------------------

    def _observe(self, run: Run) -> SandboxOutcome:
        limits = run.job.limits
        app, tester = _process(run.app), _process(run.tester)
        startup = wait_for_startup(run.out / "startup.json", limits, lambda: app.poll() is not None)
        ready = bool(startup.get("ready"))
        suite_timed_out = False
        if ready:
            suite_timed_out = not _wait_exit(tester, limits.suite_timeout)
        if tester.poll() is None:
            run.tester.ended_by_grader = True
            _kill_group(tester)
        exited_early = app.poll() is not None and not run.app.ended_by_grader
        pids_exhausted = not exited_early and self._at_process_limit(run)
        graceful: bool | None = None
        seconds: float | None = None
        if ready and not exited_early:
            run.app.ended_by_grader = True
            supervisor = _children(app.pid) if self.confinement.pid_namespace else [app.pid]
            graceful, seconds = _stop(app, supervisor, limits.shutdown_timeout)
        elif not exited_early:
            run.app.ended_by_grader = True  # never came up: nothing to shut down gracefully
            _kill_group(app)
        app.wait()
        app_log = _text(run.app)
        return SandboxOutcome(
            app_ready=ready,
            startup_seconds=startup.get("seconds"),
            results=read_json(run.out / "results.json") if ready else None,
            app_exit_code=_exit_code(app.returncode),
            app_oom_killed=exited_early and "MemoryError" in app_log,
            app_exited_early=exited_early,
            app_pids_exhausted=pids_exhausted,
            startup_timed_out=bool(startup.get("timed_out")),
            suite_timed_out=suite_timed_out,
            shutdown_graceful=graceful,
            shutdown_seconds=seconds,
            app_log=app_log,
            tester_log=_text(run.tester),
            facts=self.facts(limits),
        )

    def _at_process_limit(self, run: Run) -> bool:
        """Whether the app holds as many processes and threads as RLIMIT_NPROC
        counts: its uid's, or (in a user namespace) the whole run's."""
        if not run.app.nproc:
            return False
        if run.app.uid is not None:
            uid = str(run.app.uid)
            tasks = _count_tasks(lambda pid, status: status.get("Uid", "").split()[:1] == [uid])
        elif self.confinement.namespace == "user":
            members = _namespace_of(run.holder_pid, "user")
            tasks = _count_tasks(lambda pid, status: _namespace_of(pid, "user") == members)
        else:
            return False
        return tasks >= run.app.nproc - PIDS_MARGIN

    # -- cleaning up ----------------------------------------------------------

    def _clean_up(self, run: Run) -> None:
        for role in (run.tester, run.app):
            _kill_group(role.process)
        if run.holder is not None:
            _stop_holder(run.holder)  # kills whatever is left in the namespace
        if run.gid is not None:
            for uid in (run.app.uid, run.tester.uid):
                _kill_user(uid, run.gid)  # what left the process group and the namespace
        for process in run.processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    stream.close()
        _remove_tree(run.folder)


def _limiter(role: Role, limits: SandboxLimits, cpus: list[int]) -> Callable[[], None]:
    """The ``preexec_fn`` of a role: only system calls, no locks, no imports."""
    memory = (role.memory_mb + ADDRESS_SPACE_HEADROOM_MB) * 1024 * 1024
    cpu = _cpu_seconds(limits)
    file_size = limits.tmpfs_mb * 1024 * 1024
    stack = THREAD_STACK_MB * 1024 * 1024
    nproc = role.nproc

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))  # SIGXCPU, then SIGKILL
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_STACK, (stack, stack))  # also threads' stacks
        if nproc:
            resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
        if cpus:
            os.sched_setaffinity(0, cpus)

    return apply


def _process(role: Role) -> subprocess.Popen[bytes]:
    assert role.process is not None
    return role.process


def _text(role: Role) -> str:
    return role.output.text() if role.output else ""


def _wait_exit(process: subprocess.Popen[bytes], timeout: float) -> bool:
    try:
        process.wait(timeout=timeout)
        return True
    except subprocess.TimeoutExpired:
        return False


def _stop(
    app: subprocess.Popen[bytes], supervisor: list[int], timeout: float
) -> tuple[bool, float]:
    """SIGTERM the supervisor (it forwards to the app); graceful when it exits by
    itself, with 0 or 143, before the deadline. Otherwise SIGKILL: 137.

    ``app`` is the process the grader started: the supervisor itself, or
    nsenter waiting for it in a pid namespace (exiting as it does)."""
    start = time.monotonic()
    for pid in supervisor:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    if not _wait_exit(app, timeout):
        _kill_group(app)
        app.wait()
    seconds = round(time.monotonic() - start, 3)
    clean = _exit_code(app.returncode) in CLEAN_EXIT_CODES
    return clean and seconds < timeout, seconds


def _count_tasks(belongs: Callable[[int, dict[str, str]], bool]) -> int:
    """Threads of the processes ``belongs`` picks (what RLIMIT_NPROC counts)."""
    total = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, ValueError):
                lines = Path(f"/proc/{entry}/status").read_text().splitlines()
                status = dict(line.split(":\t", 1) for line in lines if ":\t" in line)
                if belongs(int(entry), status):
                    total += int(status.get("Threads", "1"))
    return total


def _namespace_of(pid: int, kind: str) -> str:
    try:
        return os.readlink(f"/proc/{pid}/ns/{kind}")
    except OSError:
        return ""


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                stat_line = Path(f"/proc/{entry}/stat").read_text()
                if int(stat_line.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry))
    return found


def _kill_group(process: subprocess.Popen[bytes] | None) -> None:
    if process is None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # the session leader's pid is the group's


def _kill_user(uid: int | None, gid: int) -> None:
    """SIGKILL every process of ``uid``: kill(-1) sent as that user (root only)."""
    if uid is None:
        return
    kill = shutil.which("kill") or "/bin/kill"
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run(
            [kill, "-KILL", "-1"],
            user=uid,
            group=gid,
            extra_groups=[],
            capture_output=True,
            timeout=10,
        )


def _stop_holder(holder: subprocess.Popen[bytes]) -> None:
    if holder.stdin is not None:
        with contextlib.suppress(OSError):
            holder.stdin.close()  # the holder kills what is left, then exits
    try:
        holder.wait(timeout=10)
    except subprocess.TimeoutExpired:
        holder.kill()
        holder.wait()


def _read_line(process: subprocess.Popen[bytes], timeout: float) -> str:
    """The first line ``process`` prints, or what it printed before failing."""
    assert process.stdout is not None
    readable, _, _ = select.select([process.stdout], [], [], timeout)
    if not readable:
        return f"no answer within {timeout:g}s"
    line = process.stdout.readline().decode(errors="replace").strip()
    if line != "ready":
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=1)
        if process.poll() is not None:
            line = (line + " " + process.stdout.read(4000).decode(errors="replace")).strip()
    return line[:500] or f"exit code {process.poll()}"


def _exit_code(returncode: int | None) -> int | None:
    """Docker's convention: killed by signal S is 128 + S."""
    if returncode is None:
        return None
    return 128 - returncode if returncode < 0 else returncode


def _copy_results(source: Path, target: Path) -> None:
    for name in ("startup.json", "results.json"):
        with contextlib.suppress(OSError):
            shutil.copyfile(source / name, target / name)


def _own(root: Path, uid: int | None, gid: int | None, dir_mode: int, file_mode: int) -> None:
    for path in [root, *root.rglob("*")]:
        os.chown(path, uid if uid is not None else -1, gid if gid is not None else -1)
        path.chmod(dir_mode if path.is_dir() else file_mode)


def _remove_tree(folder: Path) -> None:
    """Remove ``folder``, even where the app left folders without write permission."""

    def make_writable(function: Callable[..., Any], path: str, error: Any) -> None:
        with contextlib.suppress(OSError):
            os.chmod(os.path.dirname(path), 0o700)
            function(path)

    shutil.rmtree(folder, onerror=make_writable)


def _unused_uid_pair() -> int:
    """An even uid such that no process runs as it or the next one."""
    used = _running_uids()
    for _ in range(100):
        first = random.choice(SANDBOX_UIDS)
        if first not in used and first + 1 not in used:
            return first
    raise InfrastructureError("local sandbox: found no unused uid for this run")


def _running_uids() -> set[int]:
    uids: set[int] = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                status = Path(f"/proc/{entry}/status").read_text()
                uids.add(int(status.split("\nUid:")[1].split()[0]))
    return uids


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
