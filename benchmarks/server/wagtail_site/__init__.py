"""The benchmark's Wagtail site: one page type holding the guest page's body as rich text."""
