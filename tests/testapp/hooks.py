"""Frappe-style app hooks of the test app, used by the website router and scheduler tests.

Every entry is narrow on purpose (paths starting with ``hooked-``, context keys starting
with ``hooked_``) so that no other test sees a difference.
"""

from django.utils.html import escape

from django_frappe_web.website import BaseRenderer

website_redirects = [
    {"source": r"hooked-old/(.*)", "target": r"/hooked-new/\1", "redirect_http_status": 302},
    # Also listed in tests that set the same source in FRAPPE_WEB: settings must win.
    {"source": "hooked-both", "target": "/from-hooks"},
    # Captured text must stay on this site (issue 10, item 11).
    {"source": r"hooked-go/(.*)", "target": r"/\1"},
]

website_route_rules = [
    {"from_route": "/hooked-kb/<category>", "to_route": "kb_article", "defaults": {"section": "from-hooks"}},
]

page_renderer = ["tests.testapp.hooks.HookedRenderer"]

website_context = [
    {"hooked_context": "from-hooks"},
    "tests.testapp.hooks.add_hooked_route",
]


def add_hooked_route(context):
    return {"hooked_route": f"route={context['route']}"}


class HookedRenderer(BaseRenderer):
    """Claims ``/hooked-render*``, before the standard renderers (a www page has that route too)."""

    def can_render(self) -> bool:
        return self.path.startswith("hooked-render")

    def render(self):
        return self.build_response(f"<p>hooked renderer for {escape(self.path)}</p>", http_status_code=203,
                                   headers={"X-Renderer": "hooked"})

# The scheduler's tests (tests/test_scheduler*.py): each method writes a Note titled after itself.
scheduler_events = {
    "all": ["tests.testapp.scheduled.every_tick"],
    "hourly": ["tests.testapp.scheduled.hourly"],
    "hourly_long": ["tests.testapp.scheduled.hourly_long"],
    "daily": ["tests.testapp.scheduled.daily"],
    "daily_long": ["tests.testapp.scheduled.daily_long"],
    "weekly": ["tests.testapp.scheduled.weekly"],
    "weekly_long": ["tests.testapp.scheduled.weekly_long"],
    "monthly": ["tests.testapp.scheduled.monthly"],
    "monthly_long": ["tests.testapp.scheduled.monthly_long"],
    "cron": {
        "*/5 * * * *": ["tests.testapp.scheduled.every_five_minutes"],
        "30 9 * * 1-5": ["tests.testapp.scheduled.weekday_mornings"],
    },
}

# The portal's tests (tests/accounts/test_portal.py): only members of "hooked-customers" see it.
portal_menu_items = [
    {"title": "Hooked tickets", "route": "/hooked-tickets", "reference_doctype": "Ticket", "role": "hooked-customers"},
]
