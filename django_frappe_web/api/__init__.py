"""Frappe's REST API (``/api/...``) on Django REST framework.

Every module here imports DRF except :mod:`.keys`, which the admin and the
``generate_api_key`` command use, so the rest of the package works without DRF.
"""
