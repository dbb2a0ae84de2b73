"""An app whose ``portal_menu_items`` hook is wrong: installed only by the portal checks' test."""
