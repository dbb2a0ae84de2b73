"""A Wagtail page as a Wagtail user writes one: a title and a rich-text body."""

from wagtail.fields import RichTextField
from wagtail.models import Page


class GuestPage(Page):
    body = RichTextField(blank=True)

    template = "wagtail_site/guest_page.html"

    def get_context(self, request, *args, **kwargs):
        # The shared base template reads ``title``, as our pages and the TemplateView give it.
        return {**super().get_context(request, *args, **kwargs), "title": self.title}
