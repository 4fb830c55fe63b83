"""Write the generated parts of ``docs/flow-spec.md`` from the declaration in :mod:`ivr.engine.spec`.

The document is prose written by hand around blocks that this module owns::

    <!-- generated:begin nodes -->
    ... field tables, rewritten by ``python -m ivr.engine.spec_doc`` ...
    <!-- generated:end -->

Run ``python -m ivr.engine.spec_doc`` after changing the declaration; ``--check`` only reports
whether the document is current (exit 1 if not). A test runs the same comparison.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from .spec import HEAD, KEYS, NESTED, NODE_TYPES, REQUIRED_MESSAGES, SETTINGS, SPEECH, Shape

DOC = Path(__file__).resolve().parents[2] / "docs" / "flow-spec.md"
COMMAND = "python -m ivr.engine.spec_doc"
_BLOCK = re.compile(r"(<!-- generated:begin (\w+) -->\n)(.*?)(<!-- generated:end -->)", re.S)


def table(shape: Shape) -> str:
    """One Markdown table: a row per field (YAML name, required, kind, default, what it does)."""
    rows = ["| field | required | kind | default | what it does |", "|---|---|---|---|---|"]
    for f in shape.fields:
        cells = (f"`{f.name}`", "yes" if f.required else "", f.kind.name, _default(f.default), f.doc)
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows)


def _default(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, float):
        return f"`{value:g}`"
    return f"`{value}`"


def _section(level: str, title: str, shape: Shape) -> str:
    return f"{level} {title}\n{shape.doc}\n\n{table(shape)}\n"


def head_block() -> str:
    """The head (``flow.yaml``), its nested mappings and the required message names."""
    names = ", ".join(f"`{n}`" for n in REQUIRED_MESSAGES)
    return "\n".join((
        _section("###", "`flow.yaml`", HEAD),
        _section("###", "`settings:`", SETTINGS),
        _section("###", "`keys:`", KEYS),
        _section("###", "`speech:`", SPEECH),
        f"### `messages:`\nAny number of `name: spoken text`; these names are required: {names}.\n",
    ))


def nodes_block() -> str:
    """A summary of the node types, then a field table per type and per nested item."""
    summary = ["| type | what the caller gets |", "|---|---|"]
    summary += [f"| `{name}` | {shape.doc} |" for name, shape in NODE_TYPES.items()]
    parts = ["\n".join(summary) + "\n"]
    parts += [_section("###", f"`{name}`", shape) for name, shape in NODE_TYPES.items()]
    parts += [_section("###", f"A {shape.name}", shape) for shape in NESTED]
    return "\n".join(parts)


BLOCKS = {"head": head_block, "nodes": nodes_block}


def render(text: str) -> str:
    """Return ``text`` with every generated block rewritten; raises ``KeyError`` for a block name
    this module does not generate."""
    return _BLOCK.sub(lambda m: m.group(1) + BLOCKS[m.group(2)]() + m.group(4), text)


def main(argv: list[str] | None = None) -> int:
    """``python -m ivr.engine.spec_doc [--check] [PATH]`` (default ``docs/flow-spec.md``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    path = Path(next((a for a in args if a != "--check"), DOC))
    text = path.read_text(encoding="utf-8")
    current = render(text)
    if check:
        if current != text:
            print(f"{path} is out of date: run `{COMMAND}`", file=sys.stderr)
            return 1
        return 0
    if current != text:
        path.write_text(current, encoding="utf-8")
        print(f"{path}: rewritten")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
