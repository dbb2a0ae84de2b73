"""Every message the package raises to a user goes through gettext.

An AST scan of ``django_frappe_web``: raising one of the package's exceptions (``exceptions.py`` and
its subclasses elsewhere), Django's or DRF's ``ValidationError`` or DRF's error responses, or calling
``frappe.throw``/``msgprint``, with a bare string literal, an f-string or a literal formatted in place
(``"..." % x``, ``"...".format(x)``) fails: the message would reach a German caller in English. A
gettext call (``_("Row {name} not found").format(name=...)``) passes; so does a variable (its text
was written elsewhere, where this scan looks too).
"""

from __future__ import annotations

import ast
from pathlib import Path

from django_frappe_web import exceptions

PACKAGE = Path(__file__).resolve().parent.parent / "django_frappe_web"
SKIPPED = {"migrations", "management"}  # migrations are history; commands speak to operators

GETTEXT = {"_", "_lt", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy",
           "npgettext"}
# Raised to users with a message: the package's own exceptions (Redirect's argument is an address),
# Django's and DRF's ValidationError, DRF's refusals that carry a detail.
PACKAGE_EXCEPTIONS = {name for name, value in vars(exceptions).items()
                      if isinstance(value, type) and issubclass(value, exceptions.FrappeError)} - {"Redirect"}
FRAMEWORK_EXCEPTIONS = {"ValidationError", "DjangoValidationError", "AuthenticationFailed", "PermissionDenied",
                        "NotFound", "ParseError", "NotAuthenticated"}
# ValueErrors of the package whose message reaches a user (an API error, a web form's admin page).
USER_FACING_VALUE_ERRORS = {"JSONInputError", "ConditionError"}
# Functions showing text to a user, with the positions of their text arguments.
MESSAGE_FUNCTIONS = {"throw": (0,), "msgprint": (0,), "respond_as_web_page": (0, 1), "message_user": (1,),
                     # the renderers' message pages: title, text (and a web form's link label)
                     "message": (0, 1, 3), "message_page": (0, 1)}
DJANGO_MESSAGES = {"debug", "info", "success", "warning", "error"}  # messages.warning(request, text)
MESSAGE_KEYWORDS = {"message", "detail", "title", "msg"}


def package_modules(root: Path = PACKAGE) -> list[Path]:
    return sorted(path for path in root.rglob("*.py") if not SKIPPED & set(path.relative_to(root).parts))


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def guarded_exceptions(modules: list[Path]) -> set[str]:
    """The package's exception classes, with their subclasses defined anywhere in the package."""
    classes = [node for path in modules for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
               if isinstance(node, ast.ClassDef)]
    guarded = PACKAGE_EXCEPTIONS | FRAMEWORK_EXCEPTIONS | USER_FACING_VALUE_ERRORS
    grown = True
    while grown:
        found = {cls.name for cls in classes if any(_name(base) in guarded for base in cls.bases)}
        grown = not found <= guarded
        guarded |= found
    return guarded - {"Redirect"}


def is_gettext(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and _name(node.func) in GETTEXT


def untranslated(node: ast.expr | None) -> bool:
    """Whether ``node`` is user text written in English in place: a literal, an f-string, or one formatted."""
    if node is None:
        return False
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(node.value.strip())
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):  # "..." % x, "a" + b
        return untranslated(node.left) or (isinstance(node.op, ast.Add) and untranslated(node.right))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return untranslated(node.func.value)
    if isinstance(node, ast.Call) and _name(node.func) == "format_html" and node.args:  # format_html("...", x)
        return untranslated(node.args[0])
    if isinstance(node, ast.Dict):  # ValidationError({"field": "message"})
        return any(untranslated(value) for value in node.values)
    if isinstance(node, (ast.List, ast.Tuple)):
        return any(untranslated(item) for item in node.elts)
    if isinstance(node, ast.IfExp):
        return untranslated(node.body) or untranslated(node.orelse)
    return False


def _shows_text(call: ast.Call, guarded: set[str]) -> tuple[int, ...]:
    """The positions of ``call``'s text arguments if it raises or shows text to a user, else ()."""
    name = _name(call.func)
    if name in guarded:
        return (0,)
    if isinstance(call.func, ast.Attribute) and _name(call.func.value) == "messages" and name in DJANGO_MESSAGES:
        return (1,)
    return MESSAGE_FUNCTIONS.get(name, ())


def _messages_of(call: ast.Call, positions: tuple[int, ...]) -> list[ast.expr]:
    given = [call.args[i] for i in positions if i < len(call.args)]
    given += [keyword.value for keyword in call.keywords if keyword.arg in MESSAGE_KEYWORDS]
    return [node for node in given if not is_gettext(node)]


def violations(path: Path, guarded: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        # Built anywhere, not only in a raise: `return PageError("...")` is raised by the caller.
        positions = _shows_text(node, guarded) if isinstance(node, ast.Call) else ()
        if positions and any(untranslated(message) for message in _messages_of(node, positions)):
            call = node
            where = path.relative_to(PACKAGE.parent) if path.is_relative_to(PACKAGE) else path.name
            found.append(f"{where}:{call.lineno}: {ast.unparse(call)[:100]}")
    return found


def test_the_scan_knows_the_package_exceptions():
    guarded = guarded_exceptions(package_modules())
    assert {"ValidationError", "DoesNotExistError", "PermissionError", "InvalidQueryError",
            "AlreadyAnsweredError", "InvalidFileName", "PageError"} <= guarded
    assert "Redirect" not in guarded


def test_the_scan_tells_a_literal_from_a_translation(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        "def f(x):\n"
        "    raise ValidationError('Bad value')\n"                       # 2: literal
        "    raise DoesNotExistError(f'{x} not found')\n"                # 3: f-string
        "    raise exceptions.PermissionError('No %s' % x)\n"            # 4: formatted literal
        "    raise ValidationError({'field': 'Required'})\n"             # 5: a dict's message
        "    frappe.throw('Not allowed {0}'.format(x), title='Oops')\n"  # 6: throw
        "    raise ValidationError(_('Bad value'))\n"                    # fine
        "    raise DoesNotExistError(_('{name} not found').format(name=x))\n"
        "    raise ValidationError(message)\n"
        "    raise ValueError('for programmers')\n"
        "    frappe.throw(_('Not allowed'), title=_lt('Oops'))\n"
        "    return DuplicateEntryError(f'{x} exists')\n"                 # 12: built to be raised elsewhere
        "    frappe.respond_as_web_page(_('Hi'), 'Welcome')\n"              # 13: the page's text
        "    self.message_user(request, f'{x} sent')\n"                    # 14: the admin's message
        "    messages.warning(request, 'Careful')\n"                       # 15
        "    logger.warning('for operators %s', x)\n", encoding="utf-8")
    lines = [int(found.split(":")[1]) for found in violations(module, guarded_exceptions([]))]
    assert lines == [2, 3, 4, 5, 6, 12, 13, 14, 15]


def test_every_message_raised_to_a_user_goes_through_gettext():
    modules = package_modules()
    guarded = guarded_exceptions(modules)
    found = [line for path in modules for line in violations(path, guarded)]
    assert not found, (f"{len(found)} message(s) raised in plain English; wrap them in gettext "
                       "(`from django.utils.translation import gettext as _`):\n" + "\n".join(found))
