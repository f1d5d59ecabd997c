"""Hostile submissions: code that attacks or tries to break the grader, graded
for real through Docker. The submissions are in tests/submissions/hostile/;
what cannot live in git (symlinks, odd file names, thousands of files, a FIFO)
is made here in a temporary folder.

Every grading here is held to the same promises:

- it ends within the exercise's limits plus a margin, with a clear error line;
- the score is what the honest part earns (``partial``), zero for attack-only apps;
- the report is bounded (log tails, size), and so is the grader's own memory;
- nothing is left behind: no container, volume or ``prep-run-`` folder, and
  the submission folder is byte-identical afterwards.

Times and memory go to tests/output/hostile-timings.json (docs/security.md
quotes them).
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docker
import pytest
from rich.console import Console

from grader import catalog
from grader.catalog import Exercise, Limits
from grader.errors import SubmissionRejected
from grader.grading import HARNESS_DIR, grade
from grader.report.formats import render
from grader.report.model import Report
from grader.report.terminal import print_report
from grader.sandbox.base import LOG_TAIL_CHARS, SandboxJob, SandboxLimits, SandboxOutcome
from grader.sandbox.container import LABEL, DockerSandbox
from tests.conftest import ROOT, SUBMISSIONS

HOSTILE = SUBMISSIONS / "hostile"
TIMINGS_FILE = ROOT / "tests" / "output" / "hostile-timings.json"

# Apps that never listen get a short startup limit; apps that do, a roomy one
# (it costs time only when they do not start, and the machine is shared).
NEVER_STARTS = Limits(startup_timeout=8, suite_timeout=30, shutdown_timeout=3)
STARTS = Limits(startup_timeout=20, suite_timeout=40, shutdown_timeout=3)
STALLS = Limits(startup_timeout=20, suite_timeout=12, shutdown_timeout=3)
MARGIN = 20.0  # creating, watching and removing two containers on a loaded machine
MAX_REPORT_CHARS = 100_000
MAX_GROWTH_MB = 64  # the grader's peak RSS above where it stood before grading
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

TIMINGS: dict[str, dict[str, Any]] = {}


# --- helpers -----------------------------------------------------------------


def exercise_with(limits: Limits) -> Exercise:
    exercise = catalog.find("01")
    return Exercise(exercise.root, exercise.config.model_copy(update={"limits": limits}))


class Recording:
    """The real Docker sandbox, keeping the outcome so a test can read the app's log."""

    def __init__(self, inner: DockerSandbox) -> None:
        self.inner = inner
        self.name = inner.name
        self.isolation = inner.isolation
        self.outcome: SandboxOutcome | None = None

    def run(self, job: SandboxJob) -> SandboxOutcome:
        self.outcome = self.inner.run(job)
        return self.outcome

    def facts(self, limits: SandboxLimits) -> dict[str, Any]:
        return self.inner.facts(limits)


def memory_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} in /proc/self/status")


@contextlib.contextmanager
def peak_growth() -> Iterator[dict[str, float]]:
    """The grader's peak RSS during the block, above its RSS before (MiB)."""
    measured: dict[str, float] = {}
    before = memory_kib("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS
    try:
        yield measured
    finally:
        measured["mb"] = round((memory_kib("VmHWM") - before) / 1024, 1)


def snapshot(root: Path) -> dict[str, tuple[int, str]]:
    """Every entry under ``root``: its mode and content hash (or link target).
    A loop, not os.walk: some submissions here nest a thousand folders deep."""
    entries: dict[str, tuple[int, str]] = {}
    pending = [root]
    while pending:
        for path in pending.pop().iterdir():
            mode = path.lstat().st_mode
            if path.is_symlink():
                digest = os.readlink(path)
            elif path.is_dir():
                digest = ""
                pending.append(path)
            elif path.is_file():
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                digest = ""
            entries[str(path.relative_to(root))] = (mode, digest)
    return entries


def texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts(item)


def report_text(report: Report) -> str:
    return "\n".join(texts(report.model_dump()))


def code_lines(*roots: Path) -> set[str]:
    """Distinctive code lines of the Python files under ``roots`` (no docstrings,
    comments or bare string lines: a report may rightly quote those)."""
    lines = set()
    for root in roots:
        for path in root.rglob("*.py"):
            for raw in path.read_text(encoding="utf-8").splitlines():
                line = raw.strip()
                if len(line) >= 25 and not line.startswith(("#", '"', "'", 'f"', "f'")):
                    lines.add(line)
    return lines


def passed(report: Report) -> set[str]:
    return {c.id for c in report.criteria if c.passed}


def probe(outcome: SandboxOutcome | None, name: str) -> Any:
    """The JSON an attack app printed as ``PROBE <name> {...}``."""
    assert outcome is not None
    for line in reversed(outcome.app_log.splitlines()):
        if line.startswith(f"PROBE {name} "):
            return json.loads(line.removeprefix(f"PROBE {name} "))
    raise AssertionError(f"no PROBE {name} line in the app's log:\n{outcome.app_log[-800:]}")


def labelled(client: docker.DockerClient, pid: int) -> tuple[list[str], list[str]]:
    selector = {"label": f"{LABEL}.pid={pid}"}
    containers = [c["Names"][0] for c in client.api.containers(all=True, filters=selector)]
    volumes = [v["Name"] for v in client.api.volumes(filters=selector).get("Volumes") or []]
    return containers, volumes


@dataclass
class Graded:
    report: Report
    outcome: SandboxOutcome | None
    seconds: float
    growth_mb: float


Hostile = Callable[..., Graded]


@pytest.fixture
def private_tempdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The grader's temp folder for this test: only its own prep-run- folders land there."""
    folder = tmp_path / "tempdir"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder
    assert sorted(os.listdir(folder)) == [], "a prep-run- folder was left behind"


@pytest.fixture
def hostile(docker_sandbox: DockerSandbox, private_tempdir: Path) -> Iterator[Hostile]:
    """``hostile(case, folder, limits)`` grades through real Docker and checks
    the promises every grading keeps."""
    recording = Recording(docker_sandbox)

    def run(
        case: str,
        folder: Path,
        limits: Limits,
        max_growth_mb: float = MAX_GROWTH_MB,
        **options: Any,
    ) -> Graded:
        recording.outcome = None
        before = snapshot(folder)
        exercise = exercise_with(limits)
        with peak_growth() as growth:
            start = time.monotonic()
            report = grade(exercise, folder, recording, **options)
            seconds = round(time.monotonic() - start, 1)
        graded = Graded(report, recording.outcome, seconds, growth["mb"])
        TIMINGS[case] = {
            "seconds": seconds,
            "grader_peak_growth_mb": growth["mb"],
            "score": report.score,
            "errors": [e.code for e in report.errors],
        }
        ready = recording.outcome is not None and recording.outcome.app_ready
        budget = limits.startup_timeout + MARGIN
        if ready:
            budget += limits.suite_timeout + limits.shutdown_timeout
        assert seconds <= budget, f"{case}: grading took {seconds}s, budget {budget}s"
        assert growth["mb"] <= max_growth_mb, f"{case}: grader grew {growth['mb']} MiB"
        assert all(len(e.log_tail) <= LOG_TAIL_CHARS for e in report.errors)
        assert len(report.model_dump_json()) <= MAX_REPORT_CHARS
        assert not CONTROL.search(report_text(report)), "a control character reached the report"
        assert snapshot(folder) == before, "the submission folder changed"
        return graded

    yield run
    assert labelled(docker_sandbox.client, os.getpid()) == ([], []), "containers left behind"


@pytest.fixture(scope="module")
def honest(docker_sandbox: DockerSandbox) -> Report:
    """What the honest part alone earns: every attack that carries it must earn as much."""
    report = grade(exercise_with(STARTS), HOSTILE / "partial", docker_sandbox)
    assert report.errors == () and 0 < report.score < 100, report.errors
    return report


@pytest.fixture(scope="module", autouse=True)
def record_timings() -> Iterator[None]:
    yield
    if TIMINGS:
        TIMINGS_FILE.parent.mkdir(parents=True, exist_ok=True)
        TIMINGS_FILE.write_text(json.dumps(TIMINGS, indent=1, sort_keys=True) + "\n")


def copy_of(name: str, into: Path) -> Path:
    target = into / name
    shutil.copytree(HOSTILE / name, target)
    return target


# --- apps that never serve: zero, and the cause --------------------------------


@pytest.mark.parametrize(
    ("case", "code", "words"),
    [
        ("fork_bomb", "pids-limit", "limit of 128 processes and threads (a fork bomb?)"),
        ("thread_bomb", "pids-limit", "limit of 128 processes and threads (a fork bomb?)"),
        ("import_loop", "startup-timeout", "did not start listening on port 8000 within 8s"),
        ("wrong_port", "startup-timeout", "a server of its own on 0.0.0.0:9000"),
    ],
)
def test_attack_only_apps_get_zero_and_the_cause(
    hostile: Hostile, case: str, code: str, words: str
) -> None:
    graded = hostile(case, HOSTILE / case, NEVER_STARTS)
    report = graded.report
    assert (report.score, report.verdict) == (0.0, "below-junior")
    assert [e.code for e in report.errors] == [code], report.errors
    assert words in report.errors[0].message
    assert graded.seconds <= NEVER_STARTS.startup_timeout + MARGIN


# --- apps that serve the honest part while attacking ---------------------------


def check_network(outcome: SandboxOutcome | None) -> None:
    results = probe(outcome, "network")
    assert results.pop("interfaces") == "lo"
    assert results, "no network attempt was made"
    failed = {
        target: result for target, result in results.items() if not result.startswith("refused")
    }
    assert failed == {}, f"reached from the sandbox: {failed}"
    # With no route at all, the kernel refuses before a packet is built.
    assert results["tcp 192.0.2.1:80"] == results["tcp 172.17.0.1:2375"] == "refused: errno 101"


def check_disk(outcome: SandboxOutcome | None) -> None:
    places = {entry["place"]: entry for entry in probe(outcome, "disk")}
    assert places["/tmp"]["written_mb"] <= 64 and "No space left" in places["/tmp"]["error"]
    assert places["/dev/shm"]["written_mb"] <= 64 and "No space left" in places["/dev/shm"]["error"]
    # The control folders are not the app's to write (the supervisor's answers
    # cannot be forged): /prep itself is the read-only root.
    assert places["/prep"]["written_mb"] == 0
    assert "Read-only file system" in places["/prep"]["error"]
    for control in ("/prep/requests", "/prep/answers"):
        assert places[control]["written_mb"] == 0, control
        assert places[control]["error"].startswith(("OSError: Read-only", "PermissionError")), (
            places[control]
        )
    assert places["/srv/submission"] == {
        "place": "/srv/submission",
        "written_mb": 0,
        "error": "OSError: Read-only file system",
    }


def check_writes(outcome: SandboxOutcome | None) -> None:
    results = probe(outcome, "write")
    assert len(results) >= 20
    done = {path: result for path, result in results.items() if not result.startswith("refused")}
    assert done == {}, f"written from the sandbox: {done}"
    assert len(probe(outcome, "outside")) == 2  # tried; the test checks the host


def check_tamper(outcome: SandboxOutcome | None) -> None:
    results = probe(outcome, "tamper")
    for path in ("/out/results.json", "/suite/conftest.py", "/opt/harness/prep_harness/plugin.py"):
        assert results[path].startswith("refused"), (path, results[path])


def check_ports(outcome: SandboxOutcome | None) -> None:
    assert outcome is not None and "PROBE ports 300 sockets bound" in outcome.app_log


def check_nothing(outcome: SandboxOutcome | None) -> None:
    assert outcome is not None and outcome.app_ready


@pytest.mark.parametrize(
    ("case", "check"),
    [
        ("output_flood", check_nothing),
        ("disk_fill", check_disk),
        ("write_escape", check_writes),
        ("network", check_network),
        ("many_ports", check_ports),
        ("test_tamper", check_tamper),
    ],
)
def test_attacks_beside_an_honest_part_earn_exactly_that_part(
    hostile: Hostile,
    honest: Report,
    tmp_path: Path,
    case: str,
    check: Callable[[SandboxOutcome | None], None],
) -> None:
    folder = HOSTILE / case
    outside = [tmp_path / "outside" / "pwned.txt", ROOT / "pwned-by-hostile.txt"]
    if case == "network":  # the host's own addresses, as targets that must stay out of reach
        folder = copy_of(case, tmp_path)
        (folder / "targets.json").write_text(json.dumps(host_addresses()))
    if case == "write_escape":  # host paths it tries to write
        folder = copy_of(case, tmp_path)
        (folder / "outside.json").write_text(json.dumps([str(path) for path in outside]))
    graded = hostile(case, folder, STARTS)
    report = graded.report
    assert passed(report) == passed(honest) and report.score == honest.score
    assert report.errors == (), report.errors
    assert report.warnings == honest.warnings
    check(graded.outcome)
    assert not any(path.exists() for path in outside)


def host_addresses() -> list[str]:
    """This machine's non-loopback IPv4 addresses (traffic to them stays on it)."""
    found = set()
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(str(info[4][0]))
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.connect(("192.0.2.1", 9))  # picks the outgoing address; UDP connect sends nothing
        found.add(udp.getsockname()[0])
    return sorted(address for address in found if not address.startswith("127."))


def test_memory_bomb_mid_suite_is_an_oom_and_keeps_what_passed_before(
    hostile: Hostile, honest: Report
) -> None:
    graded = hostile("memory_bomb", HOSTILE / "memory_bomb", STARTS)
    report = graded.report
    assert [e.code for e in report.errors] == ["oom"], report.errors
    assert "killed for using more than 256 MiB" in report.errors[0].message
    assert passed(report) <= passed(honest) and "list-items" not in passed(report)


def test_handlers_that_never_answer_end_at_the_suite_limit(
    hostile: Hostile, honest: Report
) -> None:
    graded = hostile("silent_handlers", HOSTILE / "silent_handlers", STALLS, reruns=0)
    report = graded.report
    assert "suite-timeout" in [e.code for e in report.errors], report.errors
    assert passed(report) <= passed(honest)
    messages = [e.message for c in report.criteria for e in c.evidence if not e.passed]
    # The first requests were answered: those tests' outcomes survived the limit.
    assert any(m and not m.startswith("not run") for m in messages), messages
    assert "not run: the hidden suite stopped before this test" in messages
    startup = (graded.outcome.startup_seconds if graded.outcome else None) or 0.0
    assert graded.seconds <= startup + STALLS.suite_timeout + STALLS.shutdown_timeout + MARGIN


def test_an_app_that_will_not_stop_is_killed_at_the_shutdown_limit(
    hostile: Hostile, honest: Report
) -> None:
    graded = hostile("sigterm_ignorer", HOSTILE / "sigterm_ignorer", STARTS)
    report = graded.report
    assert passed(report) == passed(honest)
    assert [e.code for e in report.errors] == ["shutdown-timeout"], report.errors
    assert "did not exit within 3s of SIGTERM and was killed" in report.errors[0].message
    outcome = graded.outcome
    assert outcome is not None and outcome.shutdown_seconds is not None
    assert outcome.shutdown_seconds < STARTS.shutdown_timeout + 5


def test_what_the_app_finds_never_reaches_the_report(
    hostile: Hostile,
    honest: Report,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    canary = f"canary-{uuid.uuid4().hex}"
    monkeypatch.setenv("PREP_HOSTILE_CANARY", canary)
    monkeypatch.setenv("HOME", f"/home/{canary}")
    options = {"view": "reviewer"} if "view" in inspect.signature(grade).parameters else {}
    graded = hostile("secret_hunt", HOSTILE / "secret_hunt", STARTS, **options)
    report, text = graded.report, report_text(graded.report)
    assert passed(report) == passed(honest)
    assert [e.code for e in report.errors] == ["shutdown-timeout"]
    # The hunt ran, found what there is to find, and echoed it into the report...
    summary = probe_summary(graded.outcome)
    assert summary["scanned"] > 5000
    assert "HUNT at shutdown" in text and '"HOME": "/tmp"' in text
    # ...and what it found is the public harness and its own sandbox, nothing else.
    public = ("/opt/harness/", "/prep/", "/tmp/", "/dev/shm/")
    assert [p for p in summary["suspects"] if not p.startswith(public)] == []
    assert canary not in text
    image_path = "/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    if os.environ["PATH"] not in image_path:
        assert os.environ["PATH"] not in text
    exercise = catalog.find("01")
    public_code = code_lines(HARNESS_DIR, HOSTILE / "secret_hunt")
    hints = (exercise.root / "README.md").read_text() + "".join(
        c.hint + c.description for c in exercise.config.criteria
    )
    for secret in (exercise.hidden_dir, exercise.solution_dir):
        lines = [line for line in code_lines(secret) - public_code if line not in hints]
        leaked = [line for line in lines if line in text]
        assert leaked == [], f"lines of {secret.name}/ in the report: {leaked[:3]}"


def probe_summary(outcome: SandboxOutcome | None) -> dict[str, Any]:
    assert outcome is not None
    for line in reversed(outcome.app_log.splitlines()):
        if line.startswith("HUNT summary "):
            return dict(json.loads(line.removeprefix("HUNT summary ")))
    raise AssertionError(f"no HUNT summary in the app's log:\n{outcome.app_log[-800:]}")


def test_terminal_escapes_are_shown_not_obeyed(hostile: Hostile, honest: Report) -> None:
    graded = hostile("terminal_escape", HOSTILE / "terminal_escape", STARTS)
    report = graded.report
    assert passed(report) == passed(honest)
    assert [e.code for e in report.errors] == ["shutdown-timeout"]
    assert "\\x1b[2J\\x1b[H\\x1b[32mVerdict: SENIOR" in report.errors[0].log_tail
    quoted = [e.message for c in report.criteria for e in c.evidence if "Verdict" in e.message]
    assert quoted and all("\x1b" not in message for message in quoted)
    ElementTree.fromstring(render(report, "junit"))  # control characters break XML
    screen = io.StringIO()
    print_report(report, Console(file=screen, force_terminal=True, width=120))
    for sequence in ("\x1b[2J", "\x1b[20A", "\x1b]", "\x07", "\x00", "\x08"):
        assert sequence not in screen.getvalue(), repr(sequence)


# --- submissions refused at the door ---------------------------------------------


def deep_tree(app: Path, depth: int) -> None:
    """Folders nested ``depth`` deep, made with relative calls (no path gets long)."""
    handle = os.open(app, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=handle)
            inner = os.open("d", os.O_RDONLY, dir_fd=handle)
            os.close(handle)
            handle = inner
    finally:
        os.close(handle)


def remove_deep(app: Path, depth: int) -> None:
    """shutil.rmtree recurses; a thousand folders deep needs a loop."""
    for level in range(depth, 0, -1):
        (app / "/".join(["d"] * level)).rmdir()


DEEP = 1200  # deeper than Python's recursion limit


def many_files(app: Path) -> None:
    data = app / "data"
    data.mkdir()
    for number in range(20_000):
        (data / f"{number}.txt").touch()


def many_folders(app: Path) -> None:
    for number in range(1_000):
        (app / "pkg" / str(number)).mkdir(parents=True)


def dense_source(app: Path, size: int) -> None:
    line = "x = " + "+".join(["1"] * 400) + "\n"
    (app / "dense.py").write_text(line * (size // len(line)))


def app_links_to_solution(app: Path) -> None:
    """The whole app folder a symlink to the reference solution on the grading machine."""
    shutil.rmtree(app)
    app.symlink_to(catalog.find("01").solution_dir)


REFUSED: dict[str, tuple[Callable[[Path], object], str]] = {
    "symlink-file": (lambda app: (app / "leak.py").symlink_to("/etc/passwd"), "symlink leak.py"),
    "symlink-folder": (lambda app: (app / "escape").symlink_to("/"), "symlink escape"),
    "symlink-app": (app_links_to_solution, "symlink app is not allowed"),
    "fifo": (lambda app: os.mkfifo(app / "pipe"), "pipe is not a regular file"),
    "many-files": (many_files, "more than 500 files"),
    "many-folders": (many_folders, "more than 500 folders"),
    "deep-tree": (lambda app: deep_tree(app, DEEP), "nested more than 32 deep"),
    "newline-name": (lambda app: (app / "a\nb.py").write_text("x = 1\n"), r"'a\nb.py'"),
    "escape-name": (lambda app: (app / "\x1b[2J.py").write_text("x = 1\n"), "control characters"),
    "not-utf8": (lambda app: (app / os.fsdecode(b"\xff.py")).write_text(""), "is not UTF-8"),
    "dense-source": (lambda app: dense_source(app, 1_000_000), "256 kB of Python source"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_unsafe_submissions_are_refused_in_one_line(
    docker_sandbox: DockerSandbox, private_tempdir: Path, tmp_path: Path, case: str
) -> None:
    make, words = REFUSED[case]
    submission = copy_of("partial", tmp_path)
    root = tmp_path / "holder"
    root.mkdir()
    shutil.move(submission, root / "app")
    make(root / "app")
    before = snapshot(root)
    try:
        with peak_growth() as growth:
            start = time.monotonic()
            with pytest.raises(SubmissionRejected) as refused:
                grade(exercise_with(STARTS), root, docker_sandbox)
            seconds = round(time.monotonic() - start, 2)
        TIMINGS[f"refused:{case}"] = {"seconds": seconds, "grader_peak_growth_mb": growth["mb"]}
        assert words in str(refused.value) and "\n" not in str(refused.value)
        assert refused.value.exit_code == 2
        assert seconds < 10 and growth["mb"] <= MAX_GROWTH_MB
        assert snapshot(root) == before
    finally:
        if case == "deep-tree":
            remove_deep(root / "app", DEEP)
    assert labelled(docker_sandbox.client, os.getpid()) == ([], [])


def test_odd_file_names_are_inert(hostile: Hostile, honest: Report, tmp_path: Path) -> None:
    folder = copy_of("partial", tmp_path)
    names = [
        'it\'s "quoted".py',
        "with space.py",
        "$(touch PWNED).py",
        "`touch PWNED`.txt",
        "-rf",
        "--help.py",
        ";rm -rf ~;.txt",
        "ünïcödé ファイル.py",
        "-x dir/$(id)/x.py",
    ]
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("VALUE = 1\n")
    graded = hostile("odd_names", folder, STARTS)
    assert passed(graded.report) == passed(honest) and graded.report.errors == ()
    assert graded.report.submission.files == len(names) + 3
    for place in (tmp_path, ROOT, Path.cwd(), Path(tempfile.gettempdir())):
        assert not list(place.glob("PWNED*")), place


def test_a_parser_bomb_is_a_syntax_error_and_parsing_stays_bounded(
    hostile: Hostile,
    tmp_path: Path,
) -> None:
    graded = hostile("ast_bomb", HOSTILE / "ast_bomb", STARTS)
    assert graded.outcome is None and graded.report.score == 0.0  # never sent to the sandbox
    assert [e.code for e in graded.report.errors] == ["syntax-error"]
    assert "app/deep.py: cannot parse: nested too deeply" in graded.report.errors[0].message
    # Just under the source limit, the densest code the parser takes: its trees
    # cost the grader some 450 bytes per byte of source, the worst case there is.
    folder = copy_of("ast_bomb", tmp_path)
    dense_source(folder, 220_000)  # with deep.py, just under the 256 kB limit
    dense = hostile("ast_bomb+dense", folder, STARTS, max_growth_mb=160)
    assert dense.outcome is None and dense.report.errors[0].code == "syntax-error"


# --- the engine going away ------------------------------------------------------


class EngineProxy:
    """A unix socket in front of the engine's, which the test can cut mid-run
    (the real engine is never touched)."""

    def __init__(self, path: Path, engine: str) -> None:
        self.path = path
        self.engine = engine
        self.links: list[socket.socket] = []
        self.lock = threading.Lock()
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(str(path))
        self.server.listen(64)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return  # cut
            upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            upstream.connect(self.engine)
            with self.lock:
                self.links += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()

    def cut(self) -> None:
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)
        self.server.close()
        self.path.unlink(missing_ok=True)
        with self.lock:
            for link in self.links:
                with contextlib.suppress(OSError):
                    link.shutdown(socket.SHUT_RDWR)
                link.close()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            sink.sendall(data)
    with contextlib.suppress(OSError):
        sink.shutdown(socket.SHUT_WR)


def test_losing_the_engine_mid_run_is_an_infrastructure_error(
    docker_sandbox: DockerSandbox, tmp_path: Path
) -> None:
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    if not host.startswith("unix://"):
        pytest.skip("the engine is not on a unix socket")
    proxy = EngineProxy(tmp_path / "engine.sock", host.removeprefix("unix://"))
    tempdir = tmp_path / "tempdir"
    tempdir.mkdir()
    env = os.environ | {"DOCKER_HOST": f"unix://{proxy.path}", "TMPDIR": str(tempdir)}
    command = [sys.executable, str(ROOT / "cli.py"), "grade", "01", "--sandbox", "docker"]
    command += ["--submission", str(HOSTILE / "silent_handlers")]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    client = docker_sandbox.client
    try:
        deadline = time.monotonic() + 60
        while labelled(client, process.pid)[0] == [] and time.monotonic() < deadline:
            time.sleep(0.2)
        assert labelled(client, process.pid)[0], "grading never started a container"
        time.sleep(5)  # the app is starting, or the suite is waiting on a silent handler
        proxy.cut()
        cut = time.monotonic()
        _, err = process.communicate(timeout=90)
        seconds = round(time.monotonic() - cut, 1)
    finally:
        proxy.cut()
        process.kill()
        process.wait()
        for name in labelled(client, process.pid)[0]:
            client.api.remove_container(name.lstrip("/"), force=True)
        for volume in labelled(client, process.pid)[1]:
            client.api.remove_volume(volume, force=True)
    TIMINGS["engine-lost"] = {"seconds_after_cut": seconds}
    assert process.returncode == 3, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Docker engine" in lines[0], err
    assert seconds < 15, f"the grader took {seconds}s to notice"
    assert os.listdir(tempdir) == [], "a prep-run- folder was left behind"
