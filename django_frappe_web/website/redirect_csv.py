"""Redirects in and out as CSV (the admin's import, with a dry run, and export).

Columns: ``source,target`` and optionally ``redirect_http_status`` (301 for a new rule; a rule's own
when left out or empty), ``match_with_query_string``,
``forward_query_parameters``, ``enabled`` (1/0, true/false, yes/no) and ``priority``. A row whose
source is already a rule's updates that rule; any other row adds one. Each row is checked as the
admin form checks a rule; a file with any bad row or a loop among the rules (an unknown column, a bad regex or target, a
source twice, more than ``MAX_ROWS`` rows) changes nothing, and the report names each problem by
line. A dry run reports what would change and writes nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import REDIRECT_STATUS_CHOICES, WebsiteRedirect
from ..utils import from_spreadsheet_safe, spreadsheet_safe
from .redirect_chains import describe, problems
from .redirects import RedirectRule

MAX_ROWS = 10_000
MAX_BYTES = 5 * 1024 * 1024
COLUMNS = ("source", "target", "redirect_http_status", "match_with_query_string", "forward_query_parameters",
           "enabled", "priority")
FLAGS = ("match_with_query_string", "forward_query_parameters", "enabled")
TRUE, FALSE = {"1", "true", "yes", "y", "on"}, {"0", "false", "no", "n", "off", ""}


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    chains: list[str] = field(default_factory=list)  # rules that lead to another redirect (imported anyway)
    written: bool = False


def import_redirects(data: bytes, dry_run: bool = True) -> ImportReport:
    """Check every row of the CSV ``data``; unless ``dry_run`` or a row is bad, write them all."""
    report = ImportReport()
    rows = _read_rows(data, report)
    if report.errors:
        return report
    existing = {rule.source: rule for rule in WebsiteRedirect.objects.filter(source__in=[r["source"] for _n, r in rows])}
    planned = []
    for line, values in rows:
        rule = existing.get(values["source"]) or WebsiteRedirect()
        before = {name: getattr(rule, name) for name in values} if rule.pk else None
        for name, value in values.items():
            setattr(rule, name, value)
        try:  # as the admin form checks a rule; loops are looked for once, over all rows, below
            rule.clean_fields()
            RedirectRule.from_dict(rule.as_rule_dict(), origin="admin")
        except ValidationError as exc:
            report.errors.extend(f"Line {line}: {message}" for message in exc.messages)
            continue
        if before is None:
            report.added.append(values["source"])
        elif before != values:
            report.changed.append(values["source"])
        else:
            report.unchanged.append(values["source"])
            continue
        planned.append(rule)
    if not report.errors:
        _loops_and_chains(planned, report)
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        for rule in planned:
            rule.save()
    report.written = True
    return report


def _loops_and_chains(planned: list[WebsiteRedirect], report: ImportReport) -> None:
    """Loops are errors, chains warnings, among the enabled rules as they would be after the import."""
    replaced = {rule.source for rule in planned}
    kept = WebsiteRedirect.objects.filter(enabled=True).exclude(source__in=replaced)
    rules = sorted([*kept, *(rule for rule in planned if rule.enabled)], key=lambda r: (r.priority, r.pk or 0))
    for data, (kind, path) in problems(rule.as_rule_dict() for rule in rules):
        (report.errors if kind == "loop" else report.chains).append(f"{data['source']}: {describe(kind, path)}")


def _read_rows(data: bytes, report: ImportReport) -> list[tuple[int, dict]]:
    if len(data) > MAX_BYTES:
        report.errors.append(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
        return []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.errors.append("The file is not UTF-8 text.")
        return []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    unknown = [name for name in header if name not in COLUMNS]
    if not {"source", "target"} <= set(header) or unknown:
        report.errors.append(f"The first line must name the columns: source, target and any of {', '.join(COLUMNS[2:])}"
                             + (f" (unknown: {', '.join(unknown)})" if unknown else "") + ".")
        return []
    reader.fieldnames = header
    rows, seen = [], {}
    try:
        for values in reader:
            line = reader.line_num
            if len(rows) >= MAX_ROWS:
                report.errors.append(f"More than {MAX_ROWS} rows: split the file.")
                return []
            row = _row(values, line, report)
            if row is None:
                continue
            if row["source"] in seen:
                report.errors.append(f"Line {line}: the source {row['source']!r} is also on line {seen[row['source']]}.")
            seen.setdefault(row["source"], line)
            rows.append((line, row))
    except csv.Error as exc:
        report.errors.append(f"Line {reader.line_num}: not valid CSV ({exc}).")
    return rows


def _row(values: dict, line: int, report: ImportReport) -> dict | None:
    if None in values:
        report.errors.append(f"Line {line}: more values than columns.")
        return None
    row = {name: from_spreadsheet_safe((value or "").strip()) for name, value in values.items()}
    problems = []
    for name in FLAGS:
        if name in row:
            flag = row[name].lower()
            if flag not in TRUE | FALSE:
                problems.append(f"{name} must be 1 or 0, not {row[name]!r}")
            row[name] = flag in TRUE if name != "enabled" or flag else True
    if row.get("redirect_http_status", ""):
        status = row["redirect_http_status"]
        allowed = [str(code) for code, _label in REDIRECT_STATUS_CHOICES]
        if status not in allowed:
            problems.append(f"redirect_http_status must be one of {', '.join(allowed)}")
        row["redirect_http_status"] = int(status) if status in allowed else 301
    else:
        row.pop("redirect_http_status", None)  # a new rule's default (301); a rule's own kept
    if "priority" in row:
        try:
            row["priority"] = int(row["priority"] or 0)
        except ValueError:
            problems.append(f"priority must be a whole number, not {row['priority']!r}")
    if not row.get("source") or not row.get("target"):
        problems.append("source and target are required")
    if problems:
        report.errors.append(f"Line {line}: " + "; ".join(problems) + ".")
        return None
    return row


def export_redirects(queryset) -> str:
    """The rules as CSV, every column, in the order they are tried (importable as is)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for rule in queryset.order_by("priority", "id"):
        writer.writerow([spreadsheet_safe(rule.source), spreadsheet_safe(rule.target), rule.redirect_http_status,
                         int(rule.match_with_query_string), int(rule.forward_query_parameters), int(rule.enabled),
                         rule.priority])
    return out.getvalue()
