"""``/api/...`` (being built)."""

urlpatterns: list = []
