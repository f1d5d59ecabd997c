"""Similarity between submissions of one exercise, for hiring reviews.

Winnowing (Schleimer, Wilkerson & Aiken, SIGMOD 2003) over Python tokens:

1. **tokens** (``tokenize``): comments, blank lines, whitespace and bare string
   statements (docstrings) are dropped; names become ``V`` unless they are
   keywords, builtins or attributes (``x.name``), strings become ``S`` and
   numbers ``N``, so renaming variables or rewording literals hides nothing.
2. **k-grams**: every run of ``KGRAM`` tokens in a file, hashed with a stable
   rolling hash (runs never cross files, so splitting or renaming files hides nothing).
3. **winnowing**: the smallest hash of every ``WINDOW`` consecutive k-grams is a
   fingerprint; any shared run of ``KGRAM + WINDOW - 1`` tokens or more is
   guaranteed to share one.

A submission's score against another is the share of its own fingerprints
that occur anywhere in the other's k-grams. Its own: every k-gram that the
baseline (the stub and the exercise's given modules) also has is left out,
with the k-grams that overlap one, so what every candidate was handed, and
code written right beside it, is no evidence of copying.
"""

from __future__ import annotations

import builtins
import difflib
import functools
import html
import io
import keyword
import token
import tokenize
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .report.templating import number

KGRAM = 12  # tokens: shorter shared runs are noise (one call, one decorator)
WINDOW = 8  # so any shared run of 19 tokens or more (about two lines) is seen
MODULUS = (1 << 61) - 1  # Karp-Rabin rolling hash of the k-grams, as in the paper
BASE = 1_000_003

KEPT_NAMES = frozenset(keyword.kwlist) | frozenset(dir(builtins))
SKIPPED = frozenset({token.COMMENT, token.NL, token.ENCODING, token.ENDMARKER})
# Literals lose their value; statements and blocks count, not the whitespace that writes them.
REPLACED = {
    token.STRING: "S",
    token.NUMBER: "N",
    token.NEWLINE: "<newline>",
    token.INDENT: "<indent>",
    token.DEDENT: "<dedent>",
}
BLOCKS = frozenset({"<indent>", "<dedent>"})
# Python 3.12 splits f-strings into tokens; one f-string stays one ``S`` as in 3.11.
FSTRING_START = getattr(token, "FSTRING_START", -1)
FSTRING_END = getattr(token, "FSTRING_END", -1)
K_POWER = pow(BASE, KGRAM - 1, MODULUS)


@dataclass(frozen=True)
class Match:
    other: str  # the closest other submission's name
    percent: float  # 0..100: share of this submission's fingerprints found in `other`


def normalised_tokens(source: str) -> list[str]:
    """The tokens that carry the code's shape, names and literals normalised.

    A file that does not tokenize to the end keeps the tokens before the error."""
    tokens: list[str] = []
    line_start = 0  # where the current logical line begins in ``tokens``
    previous = ""
    fstrings = 0  # depth inside a 3.12 f-string
    for kind, text, _, _, _ in _tokens(source):
        if kind == FSTRING_START:
            fstrings += 1
            word = "S" if fstrings == 1 else ""
        elif kind == FSTRING_END:
            fstrings -= 1
            word = ""
        elif fstrings or kind in SKIPPED:
            word = ""
        elif kind == token.NAME:
            word = text if text in KEPT_NAMES or previous == "." else "V"
        else:
            word = REPLACED.get(kind, text)
        if word == "<newline>" and _is_bare_string(tokens[line_start:]):
            tokens[line_start:] = [t for t in tokens[line_start:] if t in BLOCKS]  # a docstring
        elif word:
            tokens.append(word)
        if word == "<newline>":
            line_start = len(tokens)
        previous = text
    return tokens


def _is_bare_string(line: list[str]) -> bool:
    return "S" in line and all(t == "S" or t in BLOCKS for t in line)


def _tokens(source: str) -> Iterator[tokenize.TokenInfo]:
    try:
        yield from tokenize.generate_tokens(io.StringIO(source).readline)
    except (tokenize.TokenError, SyntaxError, ValueError):
        return  # unfinished or invalid code: what came before still counts


def kgram_hashes(tokens: list[str]) -> tuple[int, ...]:
    """The rolling hash of every run of ``KGRAM`` tokens, in order (stable across runs)."""
    value_of = {text: zlib.crc32(text.encode()) + 1 for text in set(tokens)}
    values = [value_of[text] for text in tokens]
    hashes: list[int] = []
    rolling = 0
    for i, value in enumerate(values):
        if i >= KGRAM:
            rolling -= values[i - KGRAM] * K_POWER
        rolling = (rolling * BASE + value) % MODULUS
        if i >= KGRAM - 1:
            hashes.append(rolling)
    return tuple(hashes)


def winnow(hashes: tuple[int, ...]) -> set[int]:
    """Positions of the fingerprints: the smallest hash of every window of
    ``WINDOW`` consecutive hashes, the rightmost one when equal (the paper's
    robust winnowing); one window when there are fewer."""
    picked: set[int] = set()
    if not hashes:
        return picked
    low = -1  # position of the current window's minimum
    for end in range(min(WINDOW, len(hashes)) - 1, len(hashes)):
        start = max(end - WINDOW + 1, 0)
        if low < start:  # the minimum left the window: find the new one, rightmost first
            low = min(range(end, start - 1, -1), key=hashes.__getitem__)
        elif hashes[end] <= hashes[low]:
            low = end
        picked.add(low)
    return picked


@dataclass(frozen=True)
class Fingerprints:
    """A submission's k-gram hashes, file by file, in order."""

    files: tuple[tuple[int, ...], ...]

    @functools.cached_property
    def kgrams(self) -> frozenset[int]:
        """Every k-gram hash of the submission: where another's fingerprints are looked for."""
        return frozenset(h for hashes in self.files for h in hashes)

    def own(self, baseline: frozenset[int] = frozenset()) -> frozenset[int]:
        """The winnowed fingerprints of the code that is not the baseline's.

        A k-gram counts only when none of its tokens is covered by a k-gram the
        baseline also has, so code written right next to the stub's lines does
        not share fingerprints with everyone else's just because of them."""
        own: set[int] = set()
        for hashes in self.files:
            shared = [h in baseline for h in hashes]
            for i in winnow(hashes):  # k-grams i and j overlap when |i - j| < KGRAM
                if not any(shared[max(i - KGRAM + 1, 0) : i + KGRAM]):
                    own.add(hashes[i])
        return frozenset(own)


def fingerprint_sources(files: Mapping[str, str]) -> Fingerprints:
    """Fingerprints of the ``.py`` files among ``files`` (relative path -> source)."""
    return Fingerprints(
        tuple(
            kgram_hashes(normalised_tokens(source))
            for path, source in sorted(files.items())
            if path.endswith(".py")
        )
    )


def share(mine: frozenset[int], theirs: Fingerprints) -> float:
    """Percent of ``mine`` that occurs in ``theirs`` (0 when ``mine`` is empty)."""
    if not mine:
        return 0.0
    return 100.0 * len(mine & theirs.kgrams) / len(mine)


def closest_matches(
    submissions: Mapping[str, Mapping[str, str]],
    baseline: Mapping[str, str],
) -> dict[str, Match | None]:
    """For each submission, the other one holding the largest share of its own
    fingerprints (the baseline's left out), ties broken by name; None when it
    has no fingerprints of its own or there is no other submission."""
    excluded = fingerprint_sources(baseline).kgrams
    prints = {name: fingerprint_sources(files) for name, files in submissions.items()}
    matches: dict[str, Match | None] = {}
    for name, mine in prints.items():
        own = mine.own(excluded)
        others = sorted(other for other in prints if other != name)
        if not own or not others:
            matches[name] = None
            continue
        best = max(others, key=lambda other: share(own, prints[other]))  # first of equals
        matches[name] = Match(best, share(own, prints[best]))
    return matches


# --- the side-by-side page ------------------------------------------------------


def paired_files(
    a_files: Mapping[str, str], b_files: Mapping[str, str]
) -> list[tuple[str | None, str | None]]:
    """The ``.py`` files of both sides paired by content (most shared k-grams
    first), so a renamed file still faces its counterpart; the rest face nothing."""
    a_left, b_left = _kgrams_by_file(a_files), _kgrams_by_file(b_files)
    overlaps = sorted(
        (-len(a & b), pa, pb) for pa, a in a_left.items() for pb, b in b_left.items() if a & b
    )
    pairs: list[tuple[str | None, str | None]] = []
    for _, pa, pb in overlaps:
        if pa in a_left and pb in b_left:
            pairs.append((pa, pb))
            del a_left[pa], b_left[pb]
    pairs += [(pa, None) for pa in a_left] + [(None, pb) for pb in b_left]
    return sorted(pairs, key=lambda pair: pair[0] or pair[1] or "")


def _kgrams_by_file(files: Mapping[str, str]) -> dict[str, frozenset[int]]:
    return {
        path: fingerprint_sources({path: source}).kgrams
        for path, source in files.items()
        if path.endswith(".py")
    }


def _lines(files: Mapping[str, str], path: str | None) -> list[str]:
    # HtmlDiff marks changes with \0 and \1 inside the text it has escaped: keep them out.
    text = files[path] if path is not None else ""
    return text.replace("\0", "\ufffd").replace("\1", "\ufffd").splitlines()


def render_pair_html(
    a_name: str,
    a_files: Mapping[str, str],
    b_name: str,
    b_files: Mapping[str, str],
    baseline: Mapping[str, str] | None = None,
) -> str:
    """A self-contained page (inline CSS, no script, no network) showing two
    submissions side by side, file by file, with the similarity each way (the
    baseline's fingerprints removed when it is given). Every text is escaped."""
    excluded = fingerprint_sources(baseline or {}).kgrams
    a_prints, b_prints = fingerprint_sources(a_files), fingerprint_sources(b_files)
    a_in_b = share(a_prints.own(excluded), b_prints)
    b_in_a = share(b_prints.own(excluded), a_prints)
    differ = difflib.HtmlDiff(tabsize=4, wrapcolumn=100)
    tables = [
        differ.make_table(
            _lines(a_files, pa),
            _lines(b_files, pb),
            html.escape(f"{a_name}: {pa or '(no counterpart)'}"),
            html.escape(f"{b_name}: {pb or '(no counterpart)'}"),
        )
        for pa, pb in paired_files(a_files, b_files)
    ]
    a, b = html.escape(a_name), html.escape(b_name)
    left_out = (
        "The stub and the exercise's given modules are left out."
        if baseline is not None
        else "The stub was not given here, so code from it counts too."
    )
    return PAGE.format(
        title=f"{a} vs {b}",
        summary=(
            f"{number(a_in_b)}% of {a}'s fingerprints are found in {b}, "
            f"{number(b_in_a)}% of {b}'s in {a}. {left_out}"
        ),
        tables="\n".join(tables) or "<p>No Python files on either side.</p>",
    )


PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Similarity: {title}</title>
<style>
  body {{ font: 15px/1.5 system-ui, sans-serif; margin: 2rem; color: #1f2328; }}
  table.diff {{ border-collapse: collapse; margin: 1rem 0 2rem; font: 13px/1.4 monospace; }}
  table.diff td {{ padding: 0 .4rem; vertical-align: top; white-space: pre-wrap; }}
  .diff_header {{ background: #f6f8fa; color: #57606a; text-align: right; }}
  th.diff_header {{ text-align: left; font-family: system-ui, sans-serif; padding: .3rem .4rem; }}
  .diff_next {{ background: #f6f8fa; }}
  .diff_add {{ background: #dafbe1; }} .diff_chg {{ background: #fff8c5; }}
  .diff_sub {{ background: #ffebe9; }}
  .muted {{ color: #57606a; }}
</style>
</head>
<body>
<h1>Similarity: {title}</h1>
<p>{summary}</p>
<p class="muted">Files are paired by content. Identical lines are unmarked; changed, added and
removed lines are highlighted. Renamed variables show as changes here but not in the score.</p>
{tables}
</body>
</html>
"""
