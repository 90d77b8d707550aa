"""Scenario files: YAML or JSON text in and out, ``extends:`` resolved, every problem a message."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, NoReturn

import yaml

from harmoni_model.problems import Problem
from harmoni_model.scenario.errors import ScenarioError, UnreadableValue
from harmoni_model.scenario.format import Scenario, validate_data

MAX_FILE_BYTES = 2_000_000


MAX_DIGITS = 308  # a longer number is no scenario's (and is past what a float can hold)


def _refuse(what: str, mark: yaml.Mark | None) -> NoReturn:
    raise yaml.composer.ComposerError(None, None, what, mark)


class _ScenarioLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` for plain data only, refusing on the event stream what could expand or surprise.

    Anchors and aliases (``&a``, ``*a``: a 200 kB file of them expands to gigabytes), merge keys
    (``<<``) and explicit tags (``!!float``, ``!!python/object``, ``!custom``) are refused before
    anything is built, with their line and column. A key given twice is an error (a silent typo
    otherwise). Values a constructor cannot make (``2026-02-30``, a 400-digit integer) are passed
    on as text, for validation to report with their field path.
    """

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:  # type: ignore[override]
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            _refuse(f"aliases (*{event.anchor}) are not allowed in a scenario: write the value out", event.start_mark)
        if getattr(event, "anchor", None) is not None:
            _refuse(f"anchors (&{event.anchor}) are not allowed in a scenario: write the value out", event.start_mark)
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            _refuse(f"tags such as {shown} are not allowed in a scenario: write the value plainly", event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                what = "merge keys (<<) are not allowed in a scenario: write the fields out"
                raise yaml.constructor.ConstructorError(None, None, what, key_node.start_mark)
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

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:  # type: ignore[override]
        if len(node.value) > MAX_DIGITS:
            return UnreadableValue(node.value, f"is a number of more than {MAX_DIGITS} digits")
        return super().construct_yaml_int(node)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):  # e.g. 2026-02-30: validation says which field
            return node.value


_ScenarioLoader.add_constructor("tag:yaml.org,2002:int", _ScenarioLoader.construct_yaml_int)
_ScenarioLoader.add_constructor("tag:yaml.org,2002:timestamp", _ScenarioLoader.construct_yaml_timestamp)


def _json_int(text: str) -> Any:
    if len(text.lstrip("-")) > MAX_DIGITS:
        return UnreadableValue(text, f"is a number of more than {MAX_DIGITS} digits")
    return int(text)


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
            return json.loads(text, object_pairs_hook=_unique_pairs, parse_int=_json_int)
        except _DuplicateKey as exc:
            raise ScenarioError([Problem("", f"{filename}: the key {exc.args[0]!r} is given twice")]) from None
        except (ValueError, RecursionError):
            pass  # not JSON after all: YAML gives the better message (line and column)
    try:
        return yaml.load(text, Loader=_ScenarioLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        if mark is not None:
            where = f" at line {mark.line + 1}, column {mark.column + 1}"
        elif isinstance(exc, yaml.reader.ReaderError):  # a character YAML refuses (NUL, other controls)
            before = text[: exc.position]
            where = f" at line {before.count(chr(10)) + 1}, column {len(before) - before.rfind(chr(10))}"
        else:
            where = ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ScenarioError([Problem("", f"{filename}: not valid YAML/JSON{where}: {reason}")]) from None
    except RecursionError:
        raise ScenarioError([Problem("", f"{filename}: nested too deeply to be a scenario")]) from None
    except (ValueError, OverflowError, TypeError) as exc:  # a constructor's last word: still one line
        raise ScenarioError([Problem("", f"{filename}: cannot be read: {exc}")]) from None


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
