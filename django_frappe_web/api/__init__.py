"""Frappe's REST API on Django REST framework; imported only when DRF is installed."""
