"""A broken ``portal_menu_items`` hook: an unknown doctype and an item without a route."""

portal_menu_items = [
    {"title": "Orders", "route": "/orders", "reference_doctype": "Sales Order", "role": "Customer"},
    {"title": "No route"},
    {"title": "Fine", "route": "/fine"},
]
