"""File routes: ``/files/<name>``, ``/private/files/<name>``, ``/backups/<name>`` (being built)."""

from django.http import Http404


def public_file(request, name: str):
    raise Http404(name)


def private_file(request, name: str):
    raise Http404(name)


def backup_file(request, name: str):
    raise Http404(name)
