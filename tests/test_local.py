"""frappe.local lives in a ContextVar: separate per thread, per asyncio task and per init() block."""

import asyncio
import threading

import pytest

from django_frappe_web import frappe
from django_frappe_web.local import get_local

pytestmark = pytest.mark.django_db


def test_init_block_sets_user_and_restores(user):
    outer = get_local()
    with frappe.init(user="alice") as local:
        assert frappe.session.user == "alice"
        assert frappe.local is local
        frappe.flags.inside = True
    assert get_local() is outer
    assert frappe.flags.inside is None


def test_set_user_switches_permission_context(user, superuser):
    with frappe.init():
        assert frappe.session.user == "Guest"
        frappe.set_user("alice")
        assert frappe.session.user == frappe.user == "alice"
        frappe.set_user("Administrator")  # a real superuser called "Administrator" does not exist here
        assert frappe.session.user == "Administrator"
        assert "System Manager" in frappe.get_roles()


def test_unknown_user_is_does_not_exist():
    with frappe.init(), pytest.raises(frappe.DoesNotExistError):
        frappe.set_user("nobody-by-this-name")


def test_threads_do_not_share_state(user, other_user):
    seen = {}
    barrier = threading.Barrier(2)

    def work(person):
        with frappe.init(user=person):
            frappe.flags.owner = person.username
            barrier.wait()  # both threads have set their flags before either reads
            seen[person.username] = (frappe.session.user, frappe.flags.owner)

    # User objects, not names: SQLite's in-memory test database is not shared across threads.
    threads = [threading.Thread(target=work, args=(u,)) for u in (user, other_user)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"alice": ("alice", "alice"), "bob": ("bob", "bob")}


def test_asyncio_tasks_do_not_share_state():
    async def work(name):
        with frappe.init(site=name):
            frappe.flags.name = name
            await asyncio.sleep(0.01)
            return frappe.local.site, frappe.flags.name

    async def main():
        return await asyncio.gather(work("a.example"), work("b.example"))

    assert asyncio.run(main()) == [("a.example", "a.example"), ("b.example", "b.example")]


def test_missing_local_attribute_reads_none():
    with frappe.init():
        assert frappe.local.no_such_thing is None
        assert frappe.flags.no_such_flag is None
        assert frappe.form_dict == {}
        assert frappe.request is None
        assert frappe.get_request_header("X-Anything", "d") == "d"


def test_site_path_and_response():
    with frappe.init():
        assert frappe.local.site_path
        frappe.response["message"] = "hi"
        assert frappe.response.message == "hi"


def test_in_request_is_true_in_a_request_or_init_block_only(rf):
    from django_frappe_web.local import Local

    assert Local().in_request is False  # the implicit context of a worker or shell
    assert Local(request=rf.get("/")).in_request is True
    with frappe.init() as local:
        assert local.in_request is True
