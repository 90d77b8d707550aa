"""Reading scenario files and turning every problem into a plain-language message."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .crosscheck import Problem, cross_check
from .scenario import Scenario

MAX_FILE_BYTES = 2_000_000
MAX_PROBLEMS = 50


class ScenarioError(ValueError):
    """A scenario that cannot be used, with one :class:`Problem` per fault."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


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
    if isinstance(got, float) and not math.isfinite(got):
        return f"must be a finite number (got {got!r})"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        op = {"greater_than_equal": ">=", "greater_than": ">", "less_than_equal": "<=", "less_than": "<"}[kind]
        bound = next(iter(ctx.values()), "")
        return f"must be {op} {bound} (got {err.get('input')!r})"
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


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    out = []
    for i, part in enumerate(loc):
        if isinstance(part, str) and (part in _UNION_PARTS or part.startswith(("literal[", "function-"))):
            if part == "Divert" or part.startswith("literal["):
                continue
            if i > 0 and loc[i - 1] == "length_of_stay":
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


def validate_data(data: Any) -> Scenario:
    """Validate parsed data; raise :class:`ScenarioError` listing every problem."""
    if data is None:
        raise ScenarioError([Problem("", "the scenario is empty")])
    if not isinstance(data, dict):
        kind = {list: "a list", str: "a text", int: "a number", float: "a number", bool: "true/false"}.get(
            type(data), "a single value"
        )
        raise ScenarioError(
            [Problem("", f"a scenario must be a mapping of fields (schema_version, name, services ...), not {kind}")]
        )
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        problems = problems_from(exc)
        if not any(e["type"] == "cross_reference" for e in exc.errors()):
            # the model stopped at field errors before looking across services: look on the raw data
            problems.extend(cross_check(data))
    unique = list(dict.fromkeys(problems))
    if len(unique) > MAX_PROBLEMS:
        unique = [*unique[:MAX_PROBLEMS], Problem("", f"... and {len(unique) - MAX_PROBLEMS} more problems")]
    raise ScenarioError(unique or [Problem("", "the scenario is not valid")])


class _UniqueKeyLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses a key given twice in one mapping (a silent typo otherwise)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:  # an unhashable key: let the base class report it
                break
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is given twice", key_node.start_mark
                )
        return super().construct_mapping(node, deep=deep)


class _DuplicateKey(ValueError):
    pass


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def parse_text(text: str, filename: str = "scenario") -> Any:
    """Parse JSON (with ``json``) or YAML (``yaml.safe_load`` rules) text; a repeated key is an error."""
    if not text.strip():
        raise ScenarioError([Problem("", f"{filename}: the file is empty")])
    if text.lstrip().startswith("{"):
        try:
            return json.loads(text, object_pairs_hook=_unique_pairs)
        except _DuplicateKey as exc:
            raise ScenarioError([Problem("", f"{filename}: the key {exc.args[0]!r} is given twice")]) from None
        except (ValueError, RecursionError):
            pass  # not JSON after all: YAML gives the better message (line and column)
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ScenarioError([Problem("", f"{filename}: not valid YAML/JSON{where}: {reason}")]) from None
    except RecursionError:
        raise ScenarioError([Problem("", f"{filename}: nested too deeply to be a scenario")]) from None


def loads_scenario(text: str, filename: str = "scenario", base_dir: str | Path | None = None) -> Scenario:
    """A validated scenario from YAML or JSON text.

    A scenario may be written as changes to another one (``extends:``, a file
    name relative to `base_dir`; see docs/MODEL.md): it is resolved here, so the
    result is always the complete scenario.
    """
    data = parse_text(text, filename)
    if isinstance(data, dict) and "extends" in data:
        data = resolve_extends(data, None if base_dir is None else Path(base_dir), (filename,))
    return validate_data(data)


MAX_EXTENDS_DEPTH = 5


def resolve_extends(data: dict[str, Any], base_dir: Path | None, chain: tuple[str, ...] = ()) -> dict[str, Any]:
    """The complete scenario data for a file that ``extends`` another, with its ``changes`` applied."""
    target = data.get("extends")
    if base_dir is None:
        raise ScenarioError([Problem("extends", "only a scenario file in a folder can extend another file")])
    if not isinstance(target, str) or not target.strip():
        raise ScenarioError([Problem("extends", "must be the file name of the scenario this one changes")])
    if len(chain) > MAX_EXTENDS_DEPTH:
        raise ScenarioError([Problem("extends", f"more than {MAX_EXTENDS_DEPTH} levels of extends")])
    root = base_dir.resolve()
    path = (root / target).resolve()
    if path != root and root not in path.parents:
        raise ScenarioError([Problem("extends", f"'{target}' must be in the same folder (or below it)")])
    if str(path) in chain:
        raise ScenarioError([Problem("extends", f"'{target}' extends itself (through {' -> '.join(chain)})")])
    base = parse_text(read_text_file(path), str(path))
    if not isinstance(base, dict):
        raise ScenarioError([Problem("extends", f"'{target}' is not a scenario")])
    if "extends" in base:
        base = resolve_extends(base, path.parent, (*chain, str(path)))
    merged = copy.deepcopy(base)
    merged.update({k: v for k, v in data.items() if k not in ("extends", "changes")})
    problems = _apply_changes(merged, data.get("changes", {}))
    if problems:
        raise ScenarioError(problems)
    return merged


def _apply_changes(merged: dict[str, Any], changes: Any) -> list[Problem]:
    if not isinstance(changes, dict):
        return [Problem("changes", "must be a mapping: {services: {<id>: {field: value}}, arrivals: {...}}")]
    problems = []
    for section, patches in changes.items():
        if section not in ("services", "arrivals"):
            problems.append(Problem(f"changes.{section}", "unknown section (use services or arrivals)"))
            continue
        if not isinstance(patches, dict):
            problems.append(Problem(f"changes.{section}", "must map ids to the fields that change"))
            continue
        items = merged.get(section) if isinstance(merged.get(section), list) else []
        by_id = {item.get("id"): item for item in items if isinstance(item, dict)}
        for item_id, patch in patches.items():
            where = f"changes.{section}.{item_id}"
            if item_id not in by_id:
                problems.append(Problem(where, f"no {section[:-1]} with this id in the scenario it extends"))
            elif not isinstance(patch, dict):
                problems.append(Problem(where, "must be a mapping of the fields that change"))
            else:
                by_id[item_id].update(patch)
    return problems


def read_text_file(path: str | Path, limit: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of a regular file of at most `limit` bytes (ScenarioError otherwise)."""
    path = Path(path)

    def fail(why: str) -> ScenarioError:
        return ScenarioError([Problem("", f"{path}: {why}")])

    try:
        if path.is_dir():
            raise fail("is a directory, not a scenario file")
        if not path.exists():
            raise fail("no such file")
        if not path.is_file():
            raise fail("is not a regular file")
        with path.open("rb") as f:
            raw = f.read(limit + 1)
    except FileNotFoundError:
        raise fail("no such file") from None
    except PermissionError:
        raise fail("cannot read the file (permission denied)") from None
    except OSError as exc:
        raise fail(f"cannot read the file ({exc.strerror or exc})") from None
    if len(raw) > limit:
        raise fail(f"file is too large (limit {limit} bytes)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise fail("not a UTF-8 text file") from None


def load_scenario(path: str | Path) -> Scenario:
    """A validated scenario from a YAML or JSON file (``extends`` resolved next to it)."""
    path = Path(path)
    return loads_scenario(read_text_file(path), str(path), base_dir=path.parent)


def dumps_scenario(scenario: Scenario, fmt: str = "yaml") -> str:
    """The scenario as YAML (default) or JSON text that loads back unchanged."""
    data = scenario.to_dict()
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
