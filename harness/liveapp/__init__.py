"""A probe app for the live tests: installed only when ``EXTRA_INSTALLED_APPS=harness.liveapp``.

Its whitelisted methods (``api.py``) let a test read and write ``frappe.cache`` in one server and
another, hit a ``frappe.rate_limit``, enqueue a job that records who ran it and where, and make its
scheduled event (``hooks.py``) due at once. Never
part of the example project or the package.
"""
