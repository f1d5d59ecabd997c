"""Static checks on the host: syntax, and blocking calls inside ``async def``.

Both read source text with ``ast`` only; candidate code is never imported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

BLOCKING_CALLS = (
    "time.sleep",
    "open",
    "input",
    "os.system",
    "os.popen",
    "subprocess.run",
    "subprocess.call",
    "subprocess.check_call",
    "subprocess.check_output",
    "socket.create_connection",
    "urllib.request.urlopen",
    "requests.request",
    "requests.get",
    "requests.post",
    "requests.put",
    "requests.patch",
    "requests.delete",
    "requests.head",
    "requests.options",
    "httpx.request",
    "httpx.get",
    "httpx.post",
    "httpx.put",
    "httpx.patch",
    "httpx.delete",
    "httpx.head",
    "httpx.stream",
    "httpx.Client",
    "sqlite3.connect",
    "smtplib.SMTP",
)

_NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


@dataclass(frozen=True, order=True)
class Finding:
    """One place in the source, ordered by path then line."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class CheckResult:
    id: str
    passed: bool
    findings: tuple[Finding, ...] = ()

    @property
    def summary(self) -> str:
        if self.passed:
            return "ok"
        shown = "; ".join(str(f) for f in self.findings[:3])
        more = len(self.findings) - 3
        return shown + (f" (+{more} more)" if more > 0 else "")


def parse_sources(app_dir: Path) -> tuple[dict[str, ast.Module], list[Finding]]:
    """Parse every .py file under ``app_dir``; syntax errors become findings."""
    modules: dict[str, ast.Module] = {}
    errors: list[Finding] = []
    for path in sorted(app_dir.rglob("*.py")):
        name = "app/" + path.relative_to(app_dir).as_posix()
        try:
            modules[name] = ast.parse(path.read_bytes(), filename=name)
        except SyntaxError as exc:
            errors.append(Finding(name, exc.lineno or 0, f"syntax error: {exc.msg}"))
        except ValueError as exc:  # e.g. null bytes
            errors.append(Finding(name, 0, f"cannot parse: {exc}"))
        except (RecursionError, MemoryError):  # Python cannot compile it either
            errors.append(Finding(name, 0, "cannot parse: nested too deeply"))
    return modules, errors


def check_syntax(errors: list[Finding]) -> CheckResult:
    return CheckResult("syntax", not errors, tuple(errors))


def check_blocking_in_async(
    modules: dict[str, ast.Module], extra_calls: Iterable[str] = ()
) -> CheckResult:
    """Flag blocking calls made directly in the body of an ``async def``."""
    names = (*BLOCKING_CALLS, *extra_calls)
    findings = sorted(
        Finding(path, call.lineno, f"{dotted}() blocks the event loop inside async def {fn.name}")
        for path, module in modules.items()
        for fn, call, dotted in _calls_in_async_functions(module)
        if any(_matches(dotted, name) for name in names)
    )
    return CheckResult("no-blocking-in-async", not findings, tuple(findings))


def _matches(dotted: str, name: str) -> bool:
    # "open" must not match aiofiles.open; "legacy.fetch" matches ".legacy.fetch".
    return dotted == name or ("." in name and dotted.endswith("." + name))


def _calls_in_async_functions(
    module: ast.Module,
) -> Iterator[tuple[ast.AsyncFunctionDef, ast.Call, str]]:
    aliases = _import_aliases(module)
    for fn in ast.walk(module):
        if isinstance(fn, ast.AsyncFunctionDef):
            for call in _direct_calls(fn.body):
                dotted = _dotted_name(call.func, aliases)
                if dotted:
                    yield fn, call, dotted


def _direct_calls(body: list[ast.stmt]) -> Iterator[ast.Call]:
    """Calls in ``body``, not descending into nested functions or classes."""
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, _NESTED_SCOPES):
            continue
        if isinstance(node, ast.Call):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _import_aliases(module: ast.Module) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for node in ast.walk(module):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    aliases[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    aliases[top] = top
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            for alias in node.names:
                joined = f"{base}.{alias.name}" if node.module else f"{base}{alias.name}"
                aliases[alias.asname or alias.name] = joined
    return aliases


def _dotted_name(node: ast.expr, aliases: dict[str, str]) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(aliases.get(node.id, node.id))
    return ".".join(reversed(parts))
