"""A custom page renderer: ``/hello/<name>``, listed in FRAPPE_WEB["PAGE_RENDERERS"]."""

from django.utils.html import format_html

from django_frappe_web.website import BaseRenderer


class HelloRenderer(BaseRenderer):
    """Tried before the standard renderers; claims paths under ``hello/``."""

    def can_render(self) -> bool:
        return self.path.startswith("hello/") and self.path.count("/") == 1

    def render(self):
        name = self.path.split("/", 1)[1]
        # Visitor-typed text: escaped by format_html.
        content = format_html("<h1>Hello, {}!</h1><p>Rendered by demo.renderers.HelloRenderer.</p>", name)
        return self.render_page(context=self.get_context(title=f"Hello {name}"), content=content)
