"""Sections, columns and pages: how ``Section Break``, ``Column Break`` and ``Page Break`` rows lay a form out.

As in Frappe: a Page Break starts a new step (its label is the step's title), a Section
Break a new section (label and description shown above it), a Column Break a new column in
the current section. A multi-step form is one HTML form holding every step; the steps not
being shown are ``hidden``, so what was typed on them is posted again with each step. Each
"Next" is a POST validated for the step's fields only; "Previous" validates nothing; the
final submit validates the whole form and shows the first step with an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STEP_FIELD = "_web_form_step"
ACTION_FIELD = "_web_form_action"  # "next", "previous", "add_row:<table>", "save_draft" or absent (submit)


def is_navigation(action: str) -> bool:
    """Moving between steps or adding a row: it saves nothing, so it is no submission."""
    return action in ("next", "previous") or action.startswith("add_row:")


@dataclass
class Section:
    title: str = ""
    description: str = ""
    columns: list[list[str]] = field(default_factory=lambda: [[]])
    depends_on: Any = None  # a Condition: false hides the section and everything in it

    @property
    def names(self) -> list[str]:
        return [name for column in self.columns for name in column]


@dataclass
class Page:
    title: str = ""
    sections: list[Section] = field(default_factory=lambda: [Section()])

    @property
    def names(self) -> list[str]:
        return [name for section in self.sections for column in section.columns for name in column]


def section_key(section: Section) -> tuple[str, int]:
    """How ``hidden_by_condition`` names a hidden section (sections have no field name)."""
    return ("section", id(section))


def build_pages(items: list[tuple[str, ...]]) -> list[Page]:
    """Pages from the form's rows in order: ``("field"|"table", name)`` or
    ``("break", type, label, description[, condition])`` (a Section Break's ``depends_on``)."""
    pages = [Page()]
    for item in items:
        if item[0] != "break":
            pages[-1].sections[-1].columns[-1].append(item[1])
            continue
        kind, label, description = item[1:4]
        if kind == "Page Break":
            if pages[-1].names or pages[-1].title or len(pages) > 1:
                pages.append(Page(title=label))
            else:
                pages[-1].title = label  # a leading Page Break titles the first step
        elif kind == "Section Break":
            pages[-1].sections.append(Section(title=label, description=description,
                                              depends_on=item[4] if len(item) > 4 else None))
        else:
            pages[-1].sections[-1].columns.append([])
    for page in pages:  # drop what holds nothing: an empty leading section or column
        page.sections = [section for section in page.sections if section.names or section.title]
        for section in page.sections:
            section.columns = [column for column in section.columns if column] or [[]]
    return [page for page in pages if page.names] or [Page()]


def page_of(pages: list[Page], name: str) -> int:
    """The index of the page holding ``name`` (0 when not laid out)."""
    for index, page in enumerate(pages):
        if name in page.names:
            return index
    return 0


def posted_step(data: Any, pages: list[Page]) -> int:
    """The step a POST was made from; anything odd is the first step."""
    try:
        step = int(data.get(STEP_FIELD, 0))
    except (TypeError, ValueError):
        return 0
    return step if 0 <= step < len(pages) else 0


def render_layout(pages: list[Page], form: Any, current: int) -> list[dict[str, Any]]:
    """The pages for the template: sections and columns of bound fields and table formsets."""
    rendered, where = [], {name: index for index, page in enumerate(pages) for name in page.names}
    for index, page in enumerate(pages):
        sections = [{"title": section.title, "description": section.description,
                     "depends_on": section.depends_on.source if section.depends_on else "",
                     "hidden": _hidden_by_server(section.depends_on, section.names[0] if section.names else "",
                                                 where, form, section_key(section)),
                     "columns": [[_entry(form, name, where) for name in column] for column in section.columns]}
                    for section in page.sections]
        rendered.append({"index": index, "number": index + 1, "title": page.title or f"Step {index + 1}",
                         "sections": sections, "current": index == current})
    return rendered


def _hidden_by_server(condition: Any, name: str, where: dict[str, int], form: Any, key: Any) -> bool:
    """Hidden by the server only when its condition reads earlier steps' fields: without JavaScript a
    visitor could not reveal it by changing a field on the same step."""
    earlier = condition is not None and all(where.get(ref, 0) < where.get(name, 0) for ref in condition.fieldnames)
    return earlier and key in form.hidden_by_condition


def _entry(form: Any, name: str, where: dict[str, int]) -> dict[str, Any]:
    condition = form.conditions.get(name)
    entry = {"name": name, "depends_on": condition.source if condition else "",
             "hidden": _hidden_by_server(condition, name, where, form, name)}
    if name in form.tables:
        entry["table"] = form.tables[name]
    else:
        entry["field"] = form[name]
    return entry
