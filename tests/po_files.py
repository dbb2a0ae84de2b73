"""A small reader of gettext ``.po`` files for the catalog tests (no polib in the test extras)."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    msgid: str = ""
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    plural_msgstrs: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return self.msgctxt, self.msgid

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) if self.msgid_plural is None else all(self.plural_msgstrs)


def _string(text: str) -> str:
    return ast.literal_eval(text)  # a C-quoted string: Python's quoting of "..." is the same for these


def read_po(path: Path) -> list[Entry]:
    """Every entry but the header, in file order."""
    entries: list[Entry] = []
    entry, target = Entry(), None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if target is not None:
                entries.append(entry)
            entry, target = Entry(), None
            continue
        if line.startswith("#~"):  # an obsolete entry (makemessages keeps what the code no longer has)
            entry.obsolete = True
            line = line[2:].strip()
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            _append(entry, target, _string(line))
            continue
        keyword, _space, value = line.partition(" ")
        if keyword in ("msgid", "msgctxt") and target is not None and target.startswith("msgstr"):
            entries.append(entry)  # no blank line before this entry (as in a header makemessages wrote)
            entry = Entry()
        target = keyword
        _append(entry, target, _string(value), start=True)
    return [e for e in entries if e.msgid or e.msgctxt is not None]


def _append(entry: Entry, target: str | None, text: str, start: bool = False) -> None:
    if target is None:
        return
    if target.startswith("msgstr["):
        if start:
            entry.plural_msgstrs.append("")
        entry.plural_msgstrs[-1] += text
        return
    name = {"msgid": "msgid", "msgstr": "msgstr", "msgctxt": "msgctxt", "msgid_plural": "msgid_plural"}[target]
    current = "" if start else (getattr(entry, name) or "")
    setattr(entry, name, current + text)
