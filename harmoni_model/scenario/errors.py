"""Every problem of a scenario in plain words: the error type and the translation of pydantic's errors."""

from __future__ import annotations

import math
from typing import Any

from pydantic import ValidationError

from harmoni_model.problems import InputError, Problem

MAX_PROBLEMS = 50


class ScenarioError(InputError):
    """A scenario that cannot be used, with one :class:`Problem` per fault."""


class UnreadableValue(str):
    """A value the reader could not make (e.g. an integer of 400 digits), kept as text for validation to report.

    Validation names its field with `reason` instead of pydantic's words about its type.
    """

    reason: str

    def __new__(cls, text: str, reason: str) -> UnreadableValue:
        """`text` as written, and why it cannot be used."""
        value = super().__new__(cls, text)
        value.reason = reason
        return value

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        """Copied and pickled with its reason (e.g. plain data sent to a worker)."""
        return (UnreadableValue, (str(self), self.reason))


_MESSAGES = {
    "missing": "required field is missing",
    "extra_forbidden": "unknown field (check the spelling)",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "finite_number": "must be a finite number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "string_type": "must be text",
    "tuple_type": "must be a list",
    "list_type": "must be a list",
    "model_type": "must be a mapping of fields",
    "model_attributes_type": "must be a mapping of fields",
    "dict_type": "must be a mapping of fields",
    "date_from_datetime_parsing": "must be a date (YYYY-MM-DD)",
    "date_parsing": "must be a date (YYYY-MM-DD)",
    "date_type": "must be a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "must be a date (YYYY-MM-DD), without a time of day",
    "union_tag_not_found": "needs a 'distribution' field",
}


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = str(part)
            if not text.replace("_", "a").isalnum():
                text = repr(text)  # a key with spaces, newlines or symbols: show it quoted
            out += ("." if out else "") + text
    return out


def _message(err: dict[str, Any]) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    got = err.get("input")
    if isinstance(got, UnreadableValue):
        return got.reason
    if isinstance(got, float) and not math.isfinite(got):
        return f"must be a finite number (got {got!r})"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        op = {"greater_than_equal": ">=", "greater_than": ">", "less_than_equal": "<=", "less_than": "<"}[kind]
        bound = next(iter(ctx.values()), "")
        return f"must be {op} {bound} (got {err.get('input')!r})"
    if kind == "literal_error" and err.get("loc", ())[-1:] == ("repeat",):
        return f"must be 'yearly', or left out for a period that happens once (got {got!r})"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '')} (got {err.get('input')!r})"
    if kind == "string_pattern_mismatch":
        return f"must use only a-z, 0-9 and _ (got {err.get('input')!r})"
    if kind == "union_tag_invalid":
        return (
            f"unknown distribution {ctx.get('tag')!r}; use one of "
            "exponential, lognormal, gamma, triangular, fixed, empirical"
        )
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind == "too_long":
        return f"has too many items (at most {ctx.get('max_length')})"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
    if kind in _MESSAGES:
        got = err.get("input")
        shows_input = kind.endswith(("_type", "_parsing")) or kind == "int_from_float"
        suffix = f" (got {got!r})" if shows_input and not isinstance(got, (dict, list)) else ""
        return _MESSAGES[kind] + suffix
    return err["msg"].removeprefix("Value error, ")


# Union members and tags that pydantic puts into locations: not field names.
_UNION_PARTS = {"exponential", "lognormal", "gamma", "triangular", "fixed", "empirical", "Divert"}
# Fields that hold a distribution: pydantic puts the distribution's tag after them.
_DISTRIBUTION_FIELDS = {"length_of_stay", "delay", "renege"}


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    out = []
    for i, part in enumerate(loc):
        if isinstance(part, str) and (part in _UNION_PARTS or part.startswith(("literal[", "function-"))):
            if part == "Divert" or part.startswith("literal["):
                continue
            if i > 0 and loc[i - 1] in _DISTRIBUTION_FIELDS:
                continue
        out.append(part)
    return tuple(out)


def _when_full_problem(errors: list[dict[str, Any]]) -> list[Problem]:
    """Collapse pydantic's per-member union errors for when_full into one message."""
    specific: dict[str, Problem] = {}
    general: dict[str, Problem] = {}
    for err in errors:
        loc = err["loc"]
        idx = loc.index("when_full")
        path = _path(loc[: idx + 1])
        if len(loc) > idx + 2 and loc[idx + 2] == "divert" and err["type"] != "missing":
            specific.setdefault(path, Problem(path + ".divert", _message(err)))
        else:
            general.setdefault(path, Problem(path, "must be queue, lost or {divert: <service id>}"))
    return [specific.get(path, problem) for path, problem in general.items()] + [
        p for path, p in specific.items() if path not in general
    ]


def problems_from(exc: ValidationError) -> list[Problem]:
    """Plain-language problems from a pydantic error (cross-reference ones as the model found them)."""
    problems: list[Problem] = []
    for err in exc.errors():
        if err["type"] == "cross_reference":
            problems.extend(Problem(path, message) for path, message in err["ctx"]["problems"])
    errors = [e for e in exc.errors() if e["type"] != "cross_reference"]
    # pydantic adds "too short" for a list whose items failed: noise next to the real errors.
    errors = [
        e
        for e in errors
        if e["type"] != "too_short"
        or not any(o["loc"][: len(e["loc"])] == e["loc"] and len(o["loc"]) > len(e["loc"]) for o in errors)
    ]
    when_full = [e for e in errors if "when_full" in e["loc"]]
    problems.extend(_when_full_problem(when_full))
    for err in errors:
        if "when_full" in err["loc"]:
            continue
        problems.append(Problem(_path(_clean_loc(err["loc"])), _message(err)))
    return problems
