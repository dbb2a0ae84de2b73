"""The catch-all view (the website router arrives with the website issue)."""

from django.http import Http404


def serve(request, path: str = ""):
    raise Http404(path)
