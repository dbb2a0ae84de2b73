"""Views that report what the frappe facade sees, for the middleware and context tests."""

import asyncio

from django.http import JsonResponse

from django_frappe_web import frappe


def snapshot() -> dict:
    return {
        "user": frappe.session.user,
        "frappe_user": frappe.user,
        "sid": frappe.session.sid,
        "form_dict": dict(frappe.form_dict),
        "site": frappe.local.site,
        "request_ip": frappe.local.request_ip,
        "url": frappe.request.url,
        "in_test": frappe.flags.in_test,
        "marker": frappe.flags.marker,
        "header": frappe.get_request_header("x-probe"),
    }


def probe(request):
    data = snapshot()
    frappe.flags.marker = "set in a previous request"
    return JsonResponse(data)


async def async_probe(request):
    await asyncio.sleep(0)
    return JsonResponse(snapshot())


def session_probe(request):
    action = request.GET.get("action")
    data = frappe.session.data
    if action == "set":
        data["preferences"] = {"theme": "light", "tags": []}
    elif action == "nested":
        data["preferences"]["theme"] = "dark"
    elif action == "append":
        data["preferences"]["tags"].append("news")
    elif action == "bad-nested":
        data["preferences"]["when"] = object()
    elif action == "bad-append":
        data["preferences"]["tags"].append(object())
    elif action == "test-cookie":
        request.session.set_test_cookie()
    elif action == "check-cookie":
        worked = request.session.test_cookie_worked()
        request.session.delete_test_cookie()
        return JsonResponse({"worked": worked})
    return JsonResponse({"data": data.to_plain(), "django": request.session.get("plain")})


def throw(request):
    frappe.throw("Title is <b>required</b>", title="Missing")


def permission(request):
    raise frappe.PermissionError("Not yours")


def redirect(request):
    frappe.redirect("/elsewhere", 307)


def message(request):
    frappe.respond_as_web_page("Thank you", "<p>We got it.</p>", success=True)
    return JsonResponse({"ignored": True})


async def async_message(request):
    frappe.respond_as_web_page("Thank you", "<p>We got it, asynchronously.</p>", success=True)
    return JsonResponse({"ignored": True})


def msgprint(request):
    frappe.msgprint("Saved!", indicator="green")
    from django.shortcuts import redirect as django_redirect

    return django_redirect("/probe/messages/")


def show_messages(request):
    from django.contrib.messages import get_messages

    return JsonResponse({"messages": [str(m) for m in get_messages(request)], "log": frappe.message_log})


@frappe.rate_limit(limit=2, seconds=60)
def rate_limited(request):
    return JsonResponse({"ok": True})


def user_queries(request):
    """How many queries ``frappe.session.user`` costs once Django has loaded request.user."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request.user.get_username()  # Django loads the user (session + user queries)
    with CaptureQueriesContext(connection) as queries:
        name = frappe.session.user
        same = frappe.user
    return JsonResponse({"user": name, "same": same, "queries": len(queries)})
