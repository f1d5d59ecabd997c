"""Mutation testing of the hidden suites (``prep validate --mutants``).

Realistic FastAPI bugs are seeded into the reference solution, one per
mutant; each mutant is graded through the sandbox like a submission, and it
is *caught* when it scores below the solution's 100 (some criterion fails).
The share caught is the suite's mutation score; the survivors are bugs the
hidden suite lets through.

Operators, each a bug people write:

================== ==========================================================
status-code        a status code changed (201->200, 404->400, 401->403...):
                   ``status_code=``/``status=`` literals, ``HTTPException(404)``,
                   ``response.status_code = ...``, any ``status.HTTP_NNN_*``
drop-constraint    ``gt=``, ``max_length=``, ``pattern=`` ... dropped from
                   Field/Query/Path/Body/Header/..., ``extra="forbid"`` and the
                   like dropped from ConfigDict
drop-dependency    an unused ``Depends``/``Security`` parameter of a path
                   operation removed, an entry of ``dependencies=[...]``
                   removed, or ``scopes=`` dropped from ``Security(...)``
swap-dependency    ``Depends(a)`` -> ``Depends(b)``, b preferably one of a's
                   own dependencies (the check a adds is skipped)
remove-await       ``x = await f()`` -> ``x = f()`` where the result is used
blocking-call      in an ``async def``: ``await asyncio.sleep(s)`` ->
                   ``time.sleep(s)``, ``await asyncio.to_thread(f, a)`` -> ``f(a)``
off-by-one         ``a[x:y]`` -> ``a[x:y + 1]`` / ``a[x + 1:y]``, the same in
                   ``islice``/``range``; ``<`` <-> ``<=``, ``>`` <-> ``>=``
flip-comparison    ``==`` <-> ``!=``, ``is`` <-> ``is not``, ``in`` <->
                   ``not in``; ``not x`` -> ``x``
header             a header name (``"X-" + name``) or a literal value (``""``)
                   in ``headers={...}``, ``.headers[...] = ...``; a name
                   dropped from CORS ``allow_headers``/``expose_headers``; a
                   ``media_type`` (the Content-Type)
drop-raise         ``raise SomeError(...)`` -> ``pass``
drop-response-model  ``response_model*=`` dropped from a route decorator, or a
                   route's return annotation removed
drop-registration  ``app.add_middleware(...)``, ``add_exception_handler``,
                   ``include_router``... or ``@app.exception_handler``/
                   ``@app.middleware`` removed: the handler is never installed
drop-call          a call made for its effect removed (``session.close()``,
                   ``background_tasks.add_task(...)``, ``logger.info(...)``)
================== ==========================================================

Why our own mutator on the standard library's ``ast`` rather than mutmut or
cosmic-ray: both drive a local test command in their own loop (with their own
state database) over generic operators (arithmetic, constants); here a mutant
is graded through the sandbox by ``grading.grade``, in parallel, the operators
are FastAPI's, and an exercise records equivalent mutants by a stable id. A
mutation is a splice of the original text (the rest of the file, comments
included, is untouched), and ``compile()`` drops any mutant that does not parse.

Determinism: the mutants of an exercise are generated in source order, then
a fixed-seed sample spread over the operators (round robin) is kept up to the
cap; every mutant and the control run (the unmutated solution) are graded
with the same test order (``GRADE_SEED``) and no reruns, so a flaky pass
cannot hide a mutant.
"""

from __future__ import annotations

import ast
import copy
import hashlib
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, computed_field
from rich import box
from rich.console import Console
from rich.table import Table

from .catalog import EQUIVALENTS_FILE, Exercise
from .errors import EngineUnavailable, ExerciseInvalid, ImageMissing, InfrastructureError
from .evidence import NOT_REACHED
from .grading import grade
from .report.model import Report
from .sandbox.base import Sandbox
from .sandbox.pool import SandboxPool

OPERATORS: tuple[str, ...] = (
    "status-code",
    "drop-constraint",
    "drop-dependency",
    "swap-dependency",
    "remove-await",
    "blocking-call",
    "off-by-one",
    "flip-comparison",
    "header",
    "drop-raise",
    "drop-response-model",
    "drop-registration",
    "drop-call",
)
DEFAULT_MAX_MUTANTS = 40
DEFAULT_JOBS = 2
SAMPLE_SEED = "fastapi-prep mutants"  # which mutants the cap keeps
GRADE_SEED = 1  # the hidden tests' order for every mutant and the control run
IMPORT_CHECK_TIMEOUT = 60.0
ENGINE_RETRIES = 2  # per grading, for engine errors only (see MutationRun.graded)
ENGINE_RETRY_PAUSE = 3.0

# --- the mutants -------------------------------------------------------------


class Edit(BaseModel):
    """Replace bytes ``start:end`` of the file with ``text``; add ``append`` at its end."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    text: str
    append: str = ""


class Mutant(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str  # operator:file:line:column:digest, stable while that code is unchanged
    operator: str
    file: str  # relative to the app folder, posix
    line: int
    column: int
    description: str  # what changed, for a person
    edit: Edit = Field(exclude=True)

    def apply(self, source: str) -> str:
        data = source.encode()
        mutated = data[: self.edit.start] + self.edit.text.encode() + data[self.edit.end :]
        return mutated.decode() + self.edit.append

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


ROUTE_METHODS = frozenset(
    "get post put patch delete head options trace api_route websocket".split()
)
DEPENDENCY_CALLS = frozenset({"Depends", "Security"})
CONSTRAINED_CALLS = frozenset(
    "Field Query Path Body Header Cookie Form File StringConstraints "
    "conint confloat constr conlist conset condecimal".split()
)
CONSTRAINT_KEYWORDS = frozenset(
    "gt ge lt le min_length max_length pattern regex multiple_of "
    "max_digits decimal_places strict allow_inf_nan".split()
)
CONFIG_CALLS = frozenset({"ConfigDict", "SettingsConfigDict"})
CONFIG_CONSTRAINTS = frozenset(
    "extra strict str_strip_whitespace str_min_length str_max_length".split()
)
STATUS_SWAPS = {  # a realistic wrong code for each; others fall back to their class's base code
    200: 201, 201: 200, 202: 200, 204: 200, 304: 200,
    301: 302, 302: 301, 303: 302, 307: 302, 308: 301,
    400: 422, 401: 403, 403: 401, 404: 400, 405: 400, 409: 400, 410: 404,
    412: 400, 413: 400, 415: 400, 422: 400, 429: 400,
    500: 503, 502: 500, 503: 500, 504: 500,
}  # fmt: skip
STATUS_NAME = re.compile(r"^HTTP_(\d{3})(?:_|$)")
SLEEPS = frozenset({"asyncio.sleep", "anyio.sleep"})
TO_THREAD_KEEPING_KEYWORDS = frozenset(
    {"asyncio.to_thread", "run_in_threadpool", "concurrency.run_in_threadpool"}
)
TO_THREAD = frozenset({"anyio.to_thread.run_sync", "to_thread.run_sync"})
COMPARISON_FLIPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}
BOUNDARY_FLIPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
}
REGISTRATIONS = frozenset(
    "add_exception_handler add_middleware include_router mount add_event_handler "
    "add_api_route add_route add_websocket_route".split()
)
REGISTERING_DECORATORS = frozenset({"exception_handler", "middleware", "on_event"})
LOW_PRECEDENCE = (ast.BoolOp, ast.IfExp, ast.Lambda, ast.NamedExpr)
Positioned = ast.expr | ast.stmt | ast.keyword


def swapped_status(code: int) -> int:
    if code in STATUS_SWAPS:
        return STATUS_SWAPS[code]
    family = {2: 200, 3: 302, 4: 400, 5: 500}.get(code // 100, 500)
    return family if family != code else 422


def call_name(node: ast.AST) -> str:
    """``f`` for ``f(...)`` and ``m.f(...)``; "" otherwise."""
    func = node.func if isinstance(node, ast.Call) else node
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = dotted(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    return ""


def is_dependency_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and call_name(node) in DEPENDENCY_CALLS


def dependency_target(call: ast.Call) -> str:
    """The name of the callable ``Depends(x)`` / ``Security(x)`` names, or ""."""
    first = call.args[0] if call.args else None
    if first is None:
        first = next((k.value for k in call.keywords if k.arg == "dependency"), None)
    return first.id if isinstance(first, ast.Name) else ""


def status_value(node: ast.AST) -> int | None:
    """The HTTP status a literal (``404``) or a constant (``status.HTTP_404_NOT_FOUND``) names."""
    if isinstance(node, ast.Constant) and type(node.value) is int and 100 <= node.value <= 599:
        return node.value
    name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")
    match = STATUS_NAME.match(name) if isinstance(name, str) else None
    return int(match.group(1)) if match else None


def short(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def is_route(function: ast.AST) -> bool:
    if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
        return False
    return any(
        isinstance(d, ast.Call)
        and isinstance(d.func, ast.Attribute)
        and d.func.attr in ROUTE_METHODS
        for d in function.decorator_list
    )


def top_level_names(tree: ast.Module) -> dict[str, int]:
    """Names a module binds at its top level (definitions, assignments, imports),
    with the last line of the statement that first binds each: the name exists
    only after it (a function's own signature cannot use it)."""
    names: dict[str, int] = {}
    for node in tree.body:
        bound: list[str] = []
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound = [node.name]
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            bound = [t.id for t in targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.Import | ast.ImportFrom):
            bound = [alias.asname or alias.name.split(".")[0] for alias in node.names]
        for name in bound:
            names.setdefault(name, node.end_lineno or node.lineno)
    return names


def imports_module(tree: ast.Module, name: str) -> bool:
    return any(
        isinstance(node, ast.Import)
        and any(alias.name == name and alias.asname in (None, name) for alias in node.names)
        for node in tree.body
    )


@dataclass
class AppContext:
    """What the operators need to know about the whole app, not one module."""

    dependencies: set[str] = field(default_factory=set)  # names passed to Depends/Security
    aliases: set[str] = field(default_factory=set)  # X = Annotated[T, Depends(f)] / Depends(f)
    alias_targets: dict[str, str] = field(default_factory=dict)  # alias -> f
    sub_dependencies: dict[str, list[str]] = field(default_factory=dict)  # f -> what f depends on

    @classmethod
    def of(cls, trees: Iterable[ast.Module]) -> AppContext:
        context = cls()
        trees = list(trees)
        for tree in trees:
            for node in ast.walk(tree):
                if is_dependency_call(node):
                    assert isinstance(node, ast.Call)
                    if target := dependency_target(node):
                        context.dependencies.add(target)
            for node in tree.body:
                if isinstance(node, ast.Assign) and len(node.targets) == 1:
                    target_node, value = node.targets[0], node.value
                elif isinstance(node, ast.AnnAssign) and node.value is not None:
                    target_node, value = node.target, node.value
                else:
                    continue
                call = dependency_in(value)
                if isinstance(target_node, ast.Name) and call is not None:
                    context.aliases.add(target_node.id)
                    context.alias_targets[target_node.id] = dependency_target(call)
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    used = [context.parameter_dependency(a, d) for a, d in parameters(node)]
                    context.sub_dependencies[node.name] = [u for u in used if u]
        return context

    def parameter_dependency(self, arg: ast.arg, default: ast.expr | None) -> str:
        """The dependency a parameter declares (its callable's name), or ""."""
        for node in (default, arg.annotation):
            if node is None:
                continue
            call = dependency_in(node)
            if call is not None:
                return dependency_target(call) or call_name(call)
            if isinstance(node, ast.Name) and node.id in self.aliases:
                return self.alias_targets.get(node.id) or node.id
        return ""


def dependency_in(node: ast.AST) -> ast.Call | None:
    """``Depends(f)`` itself, or the one inside ``Annotated[T, Depends(f)]``."""
    if is_dependency_call(node):
        assert isinstance(node, ast.Call)
        return node
    if isinstance(node, ast.Subscript) and call_name(node.value) == "Annotated":
        items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        for item in items[1:]:
            if is_dependency_call(item):
                assert isinstance(item, ast.Call)
                return item
    return None


def parameters(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
) -> list[tuple[ast.arg, ast.expr | None]]:
    """Each named parameter with its default (None when it has none)."""
    args = function.args
    positional = [*args.posonlyargs, *args.args]
    padding: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    pairs = list(zip(positional, [*padding, *args.defaults], strict=True))
    pairs += list(zip(args.kwonlyargs, args.kw_defaults, strict=True))
    return pairs


def without_parameter(
    function: ast.FunctionDef | ast.AsyncFunctionDef, name: str
) -> ast.FunctionDef | ast.AsyncFunctionDef:
    changed = copy.deepcopy(function)
    args = changed.args
    positional = [*args.posonlyargs, *args.args]
    for index, arg in enumerate(positional):
        if arg.arg == name:
            first_default = len(positional) - len(args.defaults)
            if index >= first_default:
                del args.defaults[index - first_default]
            if index < len(args.posonlyargs):
                del args.posonlyargs[index]
            else:
                del args.args[index - len(args.posonlyargs)]
            return changed
    for index, arg in enumerate(args.kwonlyargs):
        if arg.arg == name:
            del args.kwonlyargs[index]
            del args.kw_defaults[index]
            return changed
    raise ValueError(f"no parameter {name!r}")


def uses_name(nodes: Sequence[ast.AST], name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for node in nodes for n in ast.walk(node))


def plus_one(node: ast.expr) -> str:
    return ast.unparse(ast.BinOp(left=copy.deepcopy(node), op=ast.Add(), right=ast.Constant(1)))


class ModuleMutator:
    """Every mutant of one module, by operator; each parses and differs from the original."""

    def __init__(
        self,
        file: str,
        source: str,
        context: AppContext | None = None,
        skip_lines: frozenset[str] = frozenset(),
    ) -> None:
        self.file = file
        self.source = source
        self.data = source.encode()
        self.tree = ast.parse(source, filename=file)
        self.context = context or AppContext.of([self.tree])
        self.skip_lines = skip_lines
        self.lines = self.data.split(b"\n")
        self.line_starts = [0]
        for line in self.lines[:-1]:
            self.line_starts.append(self.line_starts[-1] + len(line) + 1)
        self.parents: dict[ast.AST, ast.AST] = {
            child: parent
            for parent in ast.walk(self.tree)
            for child in ast.iter_child_nodes(parent)
        }
        self.scope = top_level_names(self.tree)
        self._original = ast.dump(self.tree)

    # -- positions and the one way a mutant is made --------------------------------

    def offset(self, line: int, column: int) -> int:
        return self.line_starts[line - 1] + column

    def span(self, node: Positioned) -> tuple[int, int]:
        end_line = node.end_lineno if node.end_lineno is not None else node.lineno
        end_col = node.end_col_offset if node.end_col_offset is not None else node.col_offset
        return self.offset(node.lineno, node.col_offset), self.offset(end_line, end_col)

    def text(self, node: Positioned) -> str:
        start, end = self.span(node)
        return self.data[start:end].decode()

    def replace(
        self, operator: str, node: Positioned, text: str, description: str, append: str = ""
    ) -> Mutant | None:
        start, end = self.span(node)
        return self.make(
            operator, node, Edit(start=start, end=end, text=text, append=append), description
        )

    def make(
        self, operator: str, anchor: Positioned, edit: Edit, description: str
    ) -> Mutant | None:
        line = self.lines[anchor.lineno - 1].decode().strip()
        if line in self.skip_lines:
            return None
        digest_input = "\0".join(
            [operator, self.file, self.data[edit.start : edit.end].decode(), edit.text, edit.append]
        )
        digest = hashlib.sha256(digest_input.encode()).hexdigest()[:6]
        mutant = Mutant(
            id=f"{operator}:{self.file}:{anchor.lineno}:{anchor.col_offset}:{digest}",
            operator=operator,
            file=self.file,
            line=anchor.lineno,
            column=anchor.col_offset,
            description=description,
            edit=edit,
        )
        mutated = mutant.apply(self.source)
        try:
            tree = ast.parse(mutated, filename=self.file)
            compile(tree, self.file, "exec", dont_inherit=True)
        except (SyntaxError, ValueError):
            return None
        return mutant if ast.dump(tree) != self._original else None

    def header(
        self,
        operator: str,
        function: ast.FunctionDef | ast.AsyncFunctionDef,
        changed: ast.FunctionDef | ast.AsyncFunctionDef,
        description: str,
    ) -> Mutant | None:
        """Rewrite a function's signature line(s) only, from ``def`` to its body."""
        shell = copy.deepcopy(changed)
        shell.decorator_list, shell.body = [], [ast.Pass()]
        signature = ast.unparse(shell).rsplit("\n", 1)[0]
        first = function.body[0]
        start = self.offset(function.lineno, function.col_offset)
        end = self.offset(first.lineno, first.col_offset)
        between = self.data[start:end]
        tail = "\n" + " " * first.col_offset if b"\n" in between else " "
        return self.make(
            operator, function, Edit(start=start, end=end, text=signature + tail), description
        )

    # -- the operators ------------------------------------------------------------------

    def mutants(self) -> list[Mutant]:
        found: dict[str, Mutant] = {}
        for operator in OPERATORS:
            method: Callable[[], Iterator[Mutant | None]] = getattr(
                self, "op_" + operator.replace("-", "_")
            )
            for mutant in method():
                if mutant is not None:
                    found.setdefault(mutant.apply(self.source), mutant)
        return sorted(
            found.values(), key=lambda m: (m.line, m.column, OPERATORS.index(m.operator), m.id)
        )

    def walk(self, kind: type[ast.AST] | tuple[type[ast.AST], ...]) -> Iterator[ast.AST]:
        return (node for node in ast.walk(self.tree) if isinstance(node, kind))

    def calls(self) -> Iterator[ast.Call]:
        return (node for node in ast.walk(self.tree) if isinstance(node, ast.Call))

    def routes(self) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
        for node in self.walk((ast.FunctionDef, ast.AsyncFunctionDef)):
            if is_route(node):
                assert isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                yield node

    def op_status_code(self) -> Iterator[Mutant | None]:
        sites: dict[int, ast.expr] = {}  # by id(): each site once
        for call in self.calls():
            for keyword in call.keywords:
                if keyword.arg in ("status_code", "status"):
                    sites[id(keyword.value)] = keyword.value
            if call_name(call) == "HTTPException" and call.args:
                sites[id(call.args[0])] = call.args[0]
        for node in self.walk(ast.Assign):
            assert isinstance(node, ast.Assign)
            if any(isinstance(t, ast.Attribute) and t.attr == "status_code" for t in node.targets):
                sites[id(node.value)] = node.value
        for node in self.walk((ast.Attribute, ast.Name)):
            assert isinstance(node, ast.Attribute | ast.Name)
            if isinstance(node.ctx, ast.Load) and not isinstance(
                self.parents.get(node), ast.Attribute
            ):
                sites.setdefault(id(node), node)  # status.HTTP_404_NOT_FOUND wherever it is
        for site in sites.values():
            code = status_value(site)
            if code is not None:
                new = swapped_status(code)
                yield self.replace(
                    "status-code", site, str(new), f"status {code} -> {new} ({self.text(site)})"
                )

    def op_drop_constraint(self) -> Iterator[Mutant | None]:
        for call in self.calls():
            name = call_name(call)
            for keyword in call.keywords:
                if name in CONSTRAINED_CALLS and keyword.arg in CONSTRAINT_KEYWORDS:
                    yield self.without_keyword("drop-constraint", call, keyword)
                elif name in CONFIG_CALLS and keyword.arg in CONFIG_CONSTRAINTS:
                    value = keyword.value
                    if keyword.arg == "extra" and not (
                        isinstance(value, ast.Constant) and value.value == "forbid"
                    ):
                        continue
                    yield self.without_keyword("drop-constraint", call, keyword)

    def without_keyword(self, operator: str, call: ast.Call, keyword: ast.keyword) -> Mutant | None:
        """The call without one keyword argument (the whole call is rewritten)."""
        changed = copy.deepcopy(call)
        changed.keywords = [k for k in changed.keywords if k.arg != keyword.arg]
        start, end = self.span(call)
        value = short(self.text(keyword.value), 40)
        return self.make(
            operator,
            keyword,
            Edit(start=start, end=end, text=ast.unparse(changed)),
            f"drop {keyword.arg}={value} from {call_name(call) or 'call'}(...)",
        )

    def op_drop_dependency(self) -> Iterator[Mutant | None]:
        for route in self.routes():
            for arg, default in parameters(route):
                dependency = self.context.parameter_dependency(arg, default)
                if dependency and not uses_name(route.body, arg.arg):
                    yield self.header(
                        "drop-dependency",
                        route,
                        without_parameter(route, arg.arg),
                        f"drop parameter {arg.arg!r} (depends on {dependency}) of {route.name}",
                    )
        for call in self.calls():
            for keyword in call.keywords:
                if keyword.arg == "dependencies" and isinstance(
                    keyword.value, ast.List | ast.Tuple
                ):
                    yield from self.without_each("drop-dependency", keyword.value, keyword.arg)
                elif keyword.arg == "scopes" and call_name(call) == "Security":
                    yield self.without_keyword("drop-dependency", call, keyword)

    def without_each(
        self, operator: str, listed: ast.List | ast.Tuple, keyword: str
    ) -> Iterator[Mutant | None]:
        """One mutant per element of ``keyword=[...]``, with that element removed."""
        for index, item in enumerate(listed.elts):
            changed = copy.deepcopy(listed)
            del changed.elts[index]
            description = f"drop {short(self.text(item), 50)} from {keyword}=[...]"
            yield self.replace(operator, listed, ast.unparse(changed), description)

    def op_swap_dependency(self) -> Iterator[Mutant | None]:
        available = sorted(self.context.dependencies & set(self.scope))
        for call in self.calls():
            if not is_dependency_call(call):
                continue
            target = dependency_target(call)
            # Only what is bound above: Depends(...) is evaluated when the line runs.
            others = [n for n in available if n != target and self.scope[n] < call.lineno]
            if not target or not others:
                continue
            preferred = [d for d in self.context.sub_dependencies.get(target, []) if d in others]
            following = [name for name in others if name > target] or others
            chosen = (preferred or following)[0]
            node = (
                call.args[0]
                if call.args
                else next(k.value for k in call.keywords if k.arg == "dependency")
            )
            yield self.replace(
                "swap-dependency",
                node,
                chosen,
                f"{call_name(call)}({target}) -> {call_name(call)}({chosen})",
            )

    def op_remove_await(self) -> Iterator[Mutant | None]:
        for node in self.walk(ast.Await):
            assert isinstance(node, ast.Await)
            if isinstance(self.parents.get(node), ast.Expr):
                continue  # the result is not used
            inner = self.text(node.value)
            if isinstance(node.value, LOW_PRECEDENCE):
                inner = f"({inner})"
            yield self.replace(
                "remove-await", node, inner, f"missing await: {short(self.text(node), 60)}"
            )

    def enclosing_function(self, node: ast.AST) -> ast.AST | None:
        parent = self.parents.get(node)
        while parent is not None and not isinstance(
            parent, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
        ):
            parent = self.parents.get(parent)
        return parent

    def op_blocking_call(self) -> Iterator[Mutant | None]:
        has_time = imports_module(self.tree, "time")
        if not has_time and "time" in self.scope:
            return  # `time` names something else here
        append = "" if has_time else "\nimport time  # added by the blocking-call mutant\n"
        for node in self.walk(ast.Await):
            assert isinstance(node, ast.Await)
            call = node.value
            if not isinstance(call, ast.Call) or not isinstance(
                self.enclosing_function(node), ast.AsyncFunctionDef
            ):
                continue
            name = dotted(call.func)
            blocking: ast.Call | None = None
            if name in SLEEPS:
                blocking = ast.Call(
                    func=ast.Attribute(value=ast.Name("time"), attr="sleep"),
                    args=call.args,
                    keywords=[],
                )
                extra = append
            elif call.args and (
                name in TO_THREAD_KEEPING_KEYWORDS or name.endswith(".run_in_threadpool")
            ):
                blocking = ast.Call(func=call.args[0], args=call.args[1:], keywords=call.keywords)
                extra = ""
            elif call.args and name in TO_THREAD:
                blocking = ast.Call(func=call.args[0], args=call.args[1:], keywords=[])
                extra = ""
            elif len(call.args) >= 2 and call_name(call) == "run_in_executor":
                blocking = ast.Call(func=call.args[1], args=call.args[2:], keywords=[])
                extra = ""
            if blocking is not None:
                text = ast.unparse(blocking)
                yield self.replace(
                    "blocking-call",
                    node,
                    text,
                    f"blocking in async def: {short(self.text(node), 50)} -> {short(text, 50)}",
                    append=extra,
                )

    def op_off_by_one(self) -> Iterator[Mutant | None]:
        for node in self.walk(ast.Slice):
            assert isinstance(node, ast.Slice)
            for bound in (node.lower, node.upper):
                if bound is not None:
                    yield self.bump(bound, f"slice [{short(self.text(node), 50)}]")
        for call in self.calls():
            name = call_name(call)
            if name == "islice" and len(call.args) >= 2 and not call.keywords:
                for bound in call.args[1:3]:
                    yield self.bump(bound, f"islice(...{short(self.text(bound), 40)}...)")
            elif name == "range" and 1 <= len(call.args) <= 2:
                for bound in call.args:
                    yield self.bump(bound, f"range({short(self.text(bound), 40)})")
        yield from self.flip_compare("off-by-one", BOUNDARY_FLIPS)

    def bump(self, bound: ast.expr, where: str) -> Mutant | None:
        text = plus_one(bound)
        return self.replace("off-by-one", bound, text, f"{self.text(bound)} -> {text} in {where}")

    def flip_compare(
        self, operator: str, flips: dict[type[ast.cmpop], type[ast.cmpop]]
    ) -> Iterator[Mutant | None]:
        for node in self.walk(ast.Compare):
            assert isinstance(node, ast.Compare)
            for index, op in enumerate(node.ops):
                flipped = flips.get(type(op))
                if flipped is None:
                    continue
                changed = copy.deepcopy(node)
                changed.ops[index] = flipped()
                text = ast.unparse(changed)
                yield self.replace(
                    operator, node, text, f"{short(self.text(node), 50)} -> {short(text, 50)}"
                )

    def op_flip_comparison(self) -> Iterator[Mutant | None]:
        yield from self.flip_compare("flip-comparison", COMPARISON_FLIPS)
        for node in self.walk(ast.UnaryOp):
            assert isinstance(node, ast.UnaryOp)
            if isinstance(node.op, ast.Not):
                inner = self.text(node.operand)
                if isinstance(node.operand, LOW_PRECEDENCE):
                    inner = f"({inner})"
                yield self.replace(
                    "flip-comparison",
                    node,
                    inner,
                    f"{short(self.text(node), 50)} -> {short(inner, 50)}",
                )

    def op_header(self) -> Iterator[Mutant | None]:
        dicts: list[ast.Dict] = []
        for call in self.calls():
            for keyword in call.keywords:
                value = keyword.value
                if keyword.arg == "headers" and isinstance(value, ast.Dict):
                    dicts.append(value)
                elif (
                    keyword.arg is not None
                    and keyword.arg.endswith("_headers")
                    and isinstance(value, ast.List | ast.Tuple)
                ):  # CORS: allow_headers=[...], expose_headers=[...]
                    yield from self.without_each("header", value, keyword.arg)
        for node in self.walk(ast.Assign):
            assert isinstance(node, ast.Assign)
            if isinstance(node.value, ast.Dict) and any(
                isinstance(t, ast.Name) and t.id == "headers" for t in node.targets
            ):
                dicts.append(node.value)
            for target in node.targets:
                if isinstance(target, ast.Subscript) and (dotted(target.value).endswith("headers")):
                    yield self.header_name(target.slice)
                    yield self.header_value(node.value)
        for headers in dicts:
            for key, value in zip(headers.keys, headers.values, strict=True):
                if key is not None:
                    yield self.header_name(key)
                    yield self.header_value(value)
        yield from self.media_types()

    def media_types(self) -> Iterator[Mutant | None]:
        """``media_type=`` (the Content-Type header), as a keyword or a class attribute."""
        values = [k.value for c in self.calls() for k in c.keywords if k.arg == "media_type"]
        for node in self.walk(ast.Assign):
            assert isinstance(node, ast.Assign)
            if any(isinstance(t, ast.Name) and t.id == "media_type" for t in node.targets):
                values.append(node.value)
        for value in values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                new = "text/plain" if value.value == "application/json" else "application/json"
                yield self.replace(
                    "header", value, repr(new), f"media type {value.value!r} -> {new!r}"
                )

    def header_name(self, node: ast.AST) -> Mutant | None:
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            return None
        new = "X-" + node.value
        return self.replace("header", node, repr(new), f"header name {node.value!r} -> {new!r}")

    def header_value(self, node: ast.AST) -> Mutant | None:
        if not isinstance(node, ast.JoinedStr | ast.Constant):
            return None
        if isinstance(node, ast.Constant) and not (isinstance(node.value, str) and node.value):
            return None
        return self.replace(
            "header", node, "''", f"header value {short(self.text(node), 50)} -> ''"
        )

    def op_drop_raise(self) -> Iterator[Mutant | None]:
        for node in self.walk(ast.Raise):
            assert isinstance(node, ast.Raise)
            if node.exc is not None and self.enclosing_function(node) is not None:
                yield self.replace(
                    "drop-raise", node, "pass", f"{short(self.text(node), 60)} -> pass"
                )

    def op_drop_response_model(self) -> Iterator[Mutant | None]:
        for route in self.routes():
            for decorator in route.decorator_list:
                if not isinstance(decorator, ast.Call):
                    continue
                for keyword in decorator.keywords:
                    if keyword.arg and keyword.arg.startswith("response_model"):
                        yield self.without_keyword("drop-response-model", decorator, keyword)
            returns = route.returns
            if returns is None or (isinstance(returns, ast.Constant) and returns.value is None):
                continue
            if ast.unparse(returns).endswith("Response"):
                continue
            changed = copy.deepcopy(route)
            changed.returns = None
            yield self.header(
                "drop-response-model",
                route,
                changed,
                f"drop the return annotation -> {short(self.text(returns), 40)} of {route.name}",
            )

    def op_drop_registration(self) -> Iterator[Mutant | None]:
        for node in self.walk(ast.Expr):
            assert isinstance(node, ast.Expr)
            if isinstance(node.value, ast.Call) and call_name(node.value) in REGISTRATIONS:
                yield self.replace(
                    "drop-registration", node, "pass", f"{short(self.text(node), 60)} -> pass"
                )
        for function in self.walk((ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            assert isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            for decorator in function.decorator_list:
                if call_name(decorator) in REGISTERING_DECORATORS:
                    yield self.without_decorator(function, decorator)

    def without_decorator(
        self, function: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef, decorator: ast.expr
    ) -> Mutant | None:
        """Remove the decorator's whole lines (a decorator stands on lines of its own)."""
        assert decorator.end_lineno is not None
        start = self.line_starts[decorator.lineno - 1]
        end = self.line_starts[decorator.end_lineno]
        if not self.data[start:end].strip().startswith(b"@"):
            return None
        return self.make(
            "drop-registration",
            decorator,
            Edit(start=start, end=end, text=""),
            f"drop @{short(self.text(decorator), 50)} from {function.name}",
        )

    def op_drop_call(self) -> Iterator[Mutant | None]:
        for node in self.walk(ast.Expr):
            assert isinstance(node, ast.Expr)
            call = node.value.value if isinstance(node.value, ast.Await) else node.value
            if isinstance(call, ast.Call) and call_name(call) not in REGISTRATIONS:
                yield self.replace(
                    "drop-call", node, "pass", f"{short(self.text(node), 60)} -> pass"
                )


def mutate_sources(
    sources: dict[str, str], skip_lines: dict[str, frozenset[str]] | None = None
) -> list[Mutant]:
    """Every mutant of an app given as {relative path: source}, in source order.

    ``skip_lines`` holds, per file, stripped lines a mutant may not start on.
    """
    trees = [ast.parse(text, filename=name) for name, text in sources.items()]
    context = AppContext.of(trees)
    found: list[Mutant] = []
    for name in sorted(sources):
        lines = (skip_lines or {}).get(name, frozenset())
        found += ModuleMutator(name, sources[name], context, lines).mutants()
    return found


def sample(mutants: Sequence[Mutant], cap: int, seed: str = SAMPLE_SEED) -> list[Mutant]:
    """At most ``cap`` mutants, spread over the operators: each operator's mutants in
    a fixed-seed shuffled order, taken in turn. The result is in source order."""
    by_operator = {op: [m for m in mutants if m.operator == op] for op in OPERATORS}
    for operator, group in by_operator.items():
        random.Random(f"{seed}:{operator}").shuffle(group)
    chosen: list[Mutant] = []
    while len(chosen) < min(cap, len(mutants)):
        for group in by_operator.values():
            if group and len(chosen) < cap:
                chosen.append(group.pop(0))
    order = {m.id: index for index, m in enumerate(mutants)}
    return sorted(chosen, key=lambda m: order[m.id])


# --- an exercise's mutants ---------------------------------------------------------


def mutable_files(exercise: Exercise) -> list[Path]:
    """The solution's modules a mutant may change: not given ones, not tests."""
    root = exercise.solution_dir
    given = set(exercise.config.given)
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        name = relative.as_posix()
        if name in given or "tests" in relative.parts[:-1] or "__pycache__" in relative.parts:
            continue
        if relative.name.startswith("test_") or relative.name == "conftest.py":
            continue
        found.append(path)
    return found


def stub_lines(exercise: Exercise, name: str) -> frozenset[str]:
    stub = exercise.stub_dir / name
    if not stub.is_file():
        return frozenset()
    return frozenset(line.strip() for line in stub.read_text(encoding="utf-8").splitlines())


def exercise_mutants(exercise: Exercise) -> list[Mutant]:
    """Every mutant of the exercise's solution (not in given modules, nor on lines
    the stub already has), in source order."""
    sources, skips = {}, {}
    for path in mutable_files(exercise):
        name = path.relative_to(exercise.solution_dir).as_posix()
        sources[name] = path.read_text(encoding="utf-8")
        skips[name] = stub_lines(exercise, name)
    return mutate_sources(sources, skips)


class EquivalentRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    reason: str = Field(min_length=1)


class EquivalentsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    equivalent: tuple[EquivalentRecord, ...] = ()


def load_equivalents(exercise: Exercise) -> dict[str, str]:
    """``mutants.toml``'s equivalent mutants: id -> reason (empty without the file)."""
    path = exercise.root / EQUIVALENTS_FILE
    if not path.is_file():
        return {}
    try:
        data = EquivalentsFile.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except tomllib.TOMLDecodeError as exc:
        raise ExerciseInvalid(f"{path}: not valid TOML ({exc})") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise ExerciseInvalid(f"{path}: {where}: {first['msg']}") from exc
    return {record.id: record.reason for record in data.equivalent}


@dataclass(frozen=True)
class Plan:
    """The mutants one run grades, and those it only lists."""

    exercise: Exercise
    generated: int  # mutants before the cap
    cap: int
    selected: tuple[Mutant, ...]
    equivalent: dict[str, str]  # selected ids recorded as equivalent -> reason
    stale: tuple[str, ...]  # recorded ids that match no mutant of the exercise

    @property
    def to_grade(self) -> tuple[Mutant, ...]:
        return tuple(m for m in self.selected if m.id not in self.equivalent)


def plan(exercise: Exercise, cap: int = DEFAULT_MAX_MUTANTS) -> Plan:
    """The sample is drawn before equivalents are set aside, so recording one never
    brings another mutant in: the same code always gives the same mutants."""
    every = exercise_mutants(exercise)
    recorded = load_equivalents(exercise)
    known = {m.id for m in every}
    chosen = sample(every, cap)
    return Plan(
        exercise=exercise,
        generated=len(every),
        cap=cap,
        selected=tuple(chosen),
        equivalent={m.id: recorded[m.id] for m in chosen if m.id in recorded},
        stale=tuple(sorted(i for i in recorded if i not in known)),
    )


# --- grading the mutants -------------------------------------------------------------

MutantStatus = Literal["caught", "survived", "equivalent", "not-viable"]


class MutantResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    mutant: Mutant
    status: MutantStatus
    score: float | None = None
    # the criteria that failed (what caught it); the run stops at the first
    # failing test, so those of the tests it did not reach are not listed
    missed: tuple[str, ...] = ()
    note: str = ""  # why it is equivalent or not viable
    contract: tuple[str, ...] = ()  # how its /openapi.json differs from the reference's
    seconds: float = 0.0


class MutationReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    exercise: str
    generated: int
    cap: int
    results: tuple[MutantResult, ...]
    control_score: float | None  # the unmutated solution, graded like the mutants
    stale_equivalents: tuple[str, ...] = ()
    seconds: float = 0.0

    def having(self, status: MutantStatus) -> list[MutantResult]:
        return [r for r in self.results if r.status == status]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def caught(self) -> int:
        return len(self.having("caught"))

    @computed_field  # type: ignore[prop-decorator]
    @property
    def survived(self) -> int:
        return len(self.having("survived"))

    @computed_field  # type: ignore[prop-decorator]
    @property
    def equivalent(self) -> int:
        return len(self.having("equivalent"))

    @computed_field  # type: ignore[prop-decorator]
    @property
    def not_viable(self) -> int:
        return len(self.having("not-viable"))

    @computed_field  # type: ignore[prop-decorator]
    @property
    def score(self) -> float | None:
        """Percent of the graded mutants (equivalent and not viable ones aside) caught."""
        graded = self.caught + self.survived
        return round(100 * self.caught / graded, 1) if graded else None


def write_mutant(exercise: Exercise, mutant: Mutant | None, folder: Path) -> Path:
    """The solution, with ``mutant`` applied, as ``folder/app``; returns ``folder``."""
    app = folder / "app"
    shutil.copytree(
        exercise.solution_dir, app, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    if mutant is not None:
        target = app / mutant.file
        target.write_text(mutant.apply(target.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def imports_on_host(folder: Path) -> bool:
    """Whether ``import app.main`` succeeds in ``folder`` (our own reference code,
    mutated by us: trusted, never a candidate's)."""
    try:
        done = subprocess.run(
            [sys.executable, "-B", "-c", "import app.main"],
            cwd=folder,
            capture_output=True,
            timeout=IMPORT_CHECK_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False
    return done.returncode == 0


def classify(mutant: Mutant, report: Report, imports: Callable[[], bool]) -> MutantResult:
    """Caught when some criterion fails; not viable when it crashed at startup
    because it does not even import."""
    seconds = report.timings.get("total", 0.0)
    crashed = [e for e in report.errors if e.code in ("startup-crash", "syntax-error")]
    if crashed and not imports():
        return MutantResult(
            mutant=mutant, status="not-viable", note=crashed[0].message, seconds=seconds
        )
    missed = tuple(
        c.id
        for c in report.criteria
        if any(not e.passed and e.message != NOT_REACHED for e in c.evidence)
    )
    status: MutantStatus = "caught" if report.score < 100 else "survived"
    return MutantResult(
        mutant=mutant,
        status=status,
        score=report.score,
        missed=missed,
        contract=report.contract,
        seconds=seconds,
    )


class MutationRun:
    """Grade a plan's mutants with up to ``jobs`` sandboxes at once (one per thread)."""

    def __init__(
        self,
        open_sandbox: Callable[[], Sandbox],
        jobs: int = DEFAULT_JOBS,
        *,
        stop_at_first_failure: bool = True,  # whether it is caught is all a mutant asks
    ) -> None:
        self.open_sandbox = open_sandbox
        self.jobs = max(1, jobs)
        self.stop_at_first_failure = stop_at_first_failure
        self.sandboxes = SandboxPool(open_sandbox)

    def run(
        self, planned: Plan, done: Callable[[MutantResult], None] | None = None
    ) -> MutationReport:
        started = time.perf_counter()
        exercise = planned.exercise
        results: dict[str, MutantResult] = {
            m.id: MutantResult(mutant=m, status="equivalent", note=planned.equivalent[m.id])
            for m in planned.selected
            if m.id in planned.equivalent
        }
        control_score = None
        if planned.to_grade:  # nothing to compare with otherwise
            pool = ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="prep-mutant")
            try:
                control = pool.submit(self.grade_control, exercise)
                futures: dict[Future[MutantResult], Mutant] = {
                    pool.submit(self.grade_mutant, exercise, m): m for m in planned.to_grade
                }
                for future in as_completed(futures):
                    result = future.result()
                    results[result.mutant.id] = result
                    if done is not None:
                        done(result)
                control_score = control.result()
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                self.abort()
                raise
            pool.shutdown(wait=True)
        return MutationReport(
            exercise=exercise.id,
            generated=planned.generated,
            cap=planned.cap,
            results=tuple(results[m.id] for m in planned.selected),
            control_score=control_score,
            stale_equivalents=planned.stale,
            seconds=round(time.perf_counter() - started, 1),
        )

    def abort(self) -> None:
        """Stop the gradings still running (their sandboxes clean up by label)."""
        self.sandboxes.abort()

    def grade_control(self, exercise: Exercise) -> float:
        with tempfile.TemporaryDirectory(prefix="prep-mutant-") as tmp:
            return self.graded(exercise, write_mutant(exercise, None, Path(tmp))).score

    def grade_mutant(self, exercise: Exercise, mutant: Mutant) -> MutantResult:
        with tempfile.TemporaryDirectory(prefix="prep-mutant-") as tmp:
            folder = write_mutant(exercise, mutant, Path(tmp))
            report = self.graded(exercise, folder)
            return classify(mutant, report, lambda: imports_on_host(folder))

    def graded(self, exercise: Exercise, folder: Path) -> Report:
        """One grading, in the fixed order with no reruns. A passing engine error (a
        container that failed to start on a busy machine) is tried again: a long run
        should not end on it. That retries the sandbox, never a failed test."""
        for attempt in range(ENGINE_RETRIES + 1):
            try:
                return grade(
                    exercise, folder, self.sandboxes.get(), seed=GRADE_SEED, reruns=0,
                    stop_at_first_failure=self.stop_at_first_failure,
                )  # fmt: skip
            except (EngineUnavailable, ImageMissing):
                raise
            except InfrastructureError:
                if attempt == ENGINE_RETRIES:
                    raise
                time.sleep(ENGINE_RETRY_PAUSE)
        raise AssertionError("unreachable")


# --- showing the results -------------------------------------------------------------


def summary(report: MutationReport) -> str:
    """One line for an exercise's run."""
    score = "no mutants graded" if report.score is None else f"mutation score {report.score:g}%"
    return (
        f"{report.exercise}: {score} ({report.caught} caught, {report.survived} survived, "
        f"{report.equivalent} equivalent, {report.not_viable} not viable; "
        f"{len(report.results)} of {report.generated} mutants) in {report.seconds:.0f}s"
    )


def print_reports(reports: Sequence[MutationReport], console: Console) -> None:
    """The table of scores, then each exercise's survivors and set-aside mutants."""
    table = Table(title="mutation score of the hidden suites", box=box.SIMPLE_HEAD, pad_edge=False)
    for column in ("exercise", "mutants", "caught", "survived", "equiv.", "unviable"):
        table.add_column(column, no_wrap=True)
    table.add_column("score", no_wrap=True, justify="right")
    table.add_column("time", no_wrap=True, justify="right")
    for report in reports:
        score = "—" if report.score is None else f"{report.score:g}%"
        table.add_row(
            report.exercise,
            f"{len(report.results)}/{report.generated}",
            str(report.caught),
            str(report.survived),
            str(report.equivalent),
            str(report.not_viable),
            score,
            f"{report.seconds:.0f}s",
        )
    console.print(table)
    listed: tuple[tuple[str, MutantStatus], ...] = (
        ("survivor", "survived"),
        ("equivalent", "equivalent"),
        ("not viable", "not-viable"),
    )
    for report in reports:
        for label, status in listed:
            for result in report.having(status):
                mutant = result.mutant
                note = f" — {result.note}" if result.note else ""
                if result.status == "survived" and result.contract:
                    note = f" — its /openapi.json differs: {short(result.contract[0], 80)}"
                console.print(
                    f"{report.exercise} {label}: {mutant.where} [{mutant.operator}] "
                    f"{mutant.description}{note}\n    id {mutant.id}",
                    highlight=False,
                    markup=False,
                    soft_wrap=True,
                )
        for stale in report.stale_equivalents:
            console.print(
                f"{report.exercise}: {EQUIVALENTS_FILE} records {stale}, which matches no mutant "
                "(the code moved or changed: check the record)",
                highlight=False,
                markup=False,
                soft_wrap=True,
            )
