"""The per-request layer of ``frappe.cache``."""

from __future__ import annotations

from django.core.cache import caches

from django_frappe_web.cache import FrappeCache
from django_frappe_web.local import init

from .support import ALIAS


def test_request_layer_serves_repeated_reads_and_is_invalidated(fcache, rf):
    backend = caches[ALIAS]
    full = fcache.make_key("layer")
    fcache.set_value("layer", "v1")
    with init(request=rf.get("/")) as local:
        assert fcache.get_value("layer") == "v1"
        backend.set(full, "changed behind our back", None)  # another process writes
        assert fcache.get_value("layer") == "v1"  # this request keeps its copy
        assert fcache.get_value("layer", expires=True) == "changed behind our back"  # expires: no layer
        fcache.set_value("layer", "v2")  # our own write updates the layer
        assert fcache.get_value("layer") == "v2"
        fcache.set_value("layer", "v3", expires_in_sec=30)  # an expiring write drops it
        backend.set(full, "v4", None)
        assert fcache.get_value("layer") == "v4"
        fcache.delete_value("layer")
        assert fcache.get_value("layer") is None
        fcache.set_value("layer", "v5")
        fcache.delete_keys("lay")
        assert fcache.get_value("layer") is None
        assert local.request_cache  # the layer lives in frappe.local.request_cache
    fcache.set_value("layer", "v6")
    with init(request=rf.get("/")):
        assert fcache.get_value("layer") == "v6"  # a new request starts empty
    backend.set(full, "outside", None)
    assert fcache.get_value("layer") == "outside"  # no layer outside a request


def test_request_layer_for_hashes(fcache, rf):
    fcache.hset("lh", "f", "v1")
    with init(request=rf.get("/")):
        assert fcache.hget("lh", "f") == "v1"
        FrappeCache(alias=ALIAS, namespace=fcache.namespace).hset("lh", "f", "other process")
        assert fcache.hget("lh", "f") == "v1"
        fcache.hset("lh", "f", "v2")
        assert fcache.hget("lh", "f") == "v2"
        fcache.hdel("lh", "f")
        assert fcache.hget("lh", "f") is None
        fcache.hset("lh", "g", "v3")
        fcache.delete_value("lh")
        assert fcache.hget("lh", "g") is None
    with init(request=rf.get("/")):
        assert fcache.hget("lh", "g") is None
