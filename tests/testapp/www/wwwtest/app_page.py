"""Controller in an installed app: imported as tests.testapp.www.wwwtest.app_page."""

from .helpers import GREETING


def get_context(context):
    context["greeting"] = GREETING
