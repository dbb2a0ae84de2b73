"""Accounts: sign-up, e-mail verification, password reset and change, and the ``/me`` page.

All of it on Django's auth: its forms (``PasswordResetForm``, ``SetPasswordForm``,
``PasswordChangeForm``), its token generator, its password validators and its e-mail backend.
The pages (``/signup``, ``/update-password``, ``/me``) are a renderer of the website's chain; the
API (``frappe.core.doctype.user.user.sign_up|reset_password|update_password``) answers as Frappe's.
See docs/accounts.md.
"""
