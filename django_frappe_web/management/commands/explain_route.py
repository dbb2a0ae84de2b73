"""``manage.py explain_route PATH [--user U]``: why a path renders the way it does."""

from django.core.management.base import BaseCommand, CommandError
from django.test import RequestFactory

from ...exceptions import DoesNotExistError
from ...local import get_session_user, init, resolve_user
from ...website import router


class Command(BaseCommand):
    help = "Show the redirects tried, the route rule matched, each renderer's verdict and the final status."

    def add_arguments(self, parser):
        parser.add_argument("path", help="e.g. /docs/setup?x=1")
        parser.add_argument("--user", default="Guest", help="Username to resolve as (default Guest).")
        parser.add_argument("--host", default="localhost")

    def handle(self, *args, path, user, host, **options):
        try:
            person = resolve_user(user)
        except DoesNotExistError as exc:
            raise CommandError(str(exc)) from None
        request = RequestFactory(HTTP_HOST=host).get(path if path.startswith("/") else f"/{path}")
        request.user = person
        with init(user=person, request=request):
            self.explain(request)

    def explain(self, request):
        explanation = router.explain(request)
        resolution = explanation.resolution
        out = self.stdout.write
        out(f"path: {request.path_info}   user: {get_session_user()}")
        out(f"redirects: {explanation.redirect_rules} rules, {len(explanation.redirects_tried)} candidate(s) tried")
        for attempt in explanation.redirects_tried:
            out(f"  {'MATCH' if attempt.matched else 'no   '}  {attempt.rule.source!r} ({attempt.rule.origin})")
        if resolution.redirect is not None:  # redirects see the raw path, before it is made a route
            out(f"→ redirect {resolution.redirect.status} to {resolution.redirect.location}")
            return
        if resolution.route is None:
            out("route: refused (unsafe or malformed path) → 404")
            return
        if resolution.rule is not None:
            out(f"route rule: {resolution.rule.rule.from_route} → {resolution.rule.to_route} "
                f"form_dict={resolution.rule.form_dict}")
        else:
            out("route rule: none")
        out(f"route: {resolution.route!r}")
        out("renderers:")
        for name, accepted in resolution.verdicts:
            out(f"  {'yes' if accepted else 'no '}  {name}")
        name = type(resolution.renderer).__name__
        error = explanation.error
        detail = f" (ErrorPage: {type(error).__name__}: {error})" if error is not None else ""
        out(f"→ {name}: status {explanation.status}{detail}")
