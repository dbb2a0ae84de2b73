"""The website: one catch-all view, redirects, route rules and the renderer registry.

``from django_frappe_web.website import BaseRenderer`` to write a custom renderer.
"""

from .renderers.base import BaseRenderer

__all__ = ["BaseRenderer"]
