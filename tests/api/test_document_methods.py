"""Document methods over HTTP: run_doc_method (frappe-ui's whitelistedMethods), v1 ?run_method=, v2 /method/<m>."""

from __future__ import annotations

import json

import pytest

from tests.testapp.models import Note, Ticket

from .conftest import TokenClient, assert_frappe_error, csrf_token, grant

pytestmark = pytest.mark.django_db
RUN = "/api/method/run_doc_method"


@pytest.fixture
def ticket(db):
    return Ticket.objects.create(subject="Printer", priority=1)


@pytest.fixture
def reader_api(alice_api, user):
    grant(user, "view_ticket")
    return alice_api


@pytest.fixture
def writer_api(alice_api, user):
    grant(user, "view_ticket", "change_ticket")
    return alice_api


def rows():
    return list(Ticket.objects.order_by("pk").values())


def frappe_ui_call(client, ticket, method, values=None):
    """The request frappe-ui's createDocumentResource({whitelistedMethods}) sends (src/resources/documentResource.js)."""
    return client.post_json(RUN, {"dt": "Ticket", "dn": ticket.pk, "method": method, "args": values or {}})


# -- run_doc_method ----------------------------------------------------------------------


def test_run_doc_method_answers_the_result_in_message_and_the_changed_document_in_docs(writer_api, ticket):
    response = frappe_ui_call(writer_api, ticket, "escalate", {"levels": 2})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["message"] == 3
    assert body["docs"] == [{"doctype": "Ticket", "name": ticket.pk, "id": ticket.pk, "subject": "Printer",
                             "status": "Open", "priority": 3}]
    assert Ticket.objects.get().priority == 3


def test_run_doc_method_takes_args_as_json_text_in_a_form(writer_api, ticket):
    response = writer_api.post(RUN, {"dt": "Ticket", "dn": str(ticket.pk), "method": "escalate",
                                     "args": json.dumps({"levels": 4})})
    assert response.json()["message"] == 5


def test_run_doc_method_with_a_session_and_csrf_token_as_frappe_ui_sends_it(client, user, ticket):
    grant(user, "view_ticket", "change_ticket")
    client.force_login(user)
    response = client.post(RUN, json.dumps({"dt": "Ticket", "dn": ticket.pk, "method": "escalate", "args": {}}),
                           content_type="application/json", HTTP_X_FRAPPE_CSRF_TOKEN=csrf_token(client))
    assert response.status_code == 200, response.content
    assert response.json()["message"] == 2


def test_a_get_able_method_needs_only_the_read_permission(reader_api, ticket):
    response = reader_api.get(RUN, {"dt": "Ticket", "dn": ticket.pk, "method": "summary",
                                    "args": json.dumps({"prefix": "#"})})
    assert response.status_code == 200, response.content
    assert response.json()["message"] == "#Printer [Open]"


def test_a_state_changing_method_needs_the_write_permission(reader_api, ticket):
    before = rows()
    assert_frappe_error(frappe_ui_call(reader_api, ticket, "escalate"), 403, "PermissionError")
    assert rows() == before


def test_a_post_needs_the_write_permission_whatever_the_method_declares(reader_api, ticket):
    before = rows()
    assert_frappe_error(frappe_ui_call(reader_api, ticket, "acknowledge"), 403, "PermissionError")
    assert rows() == before


@pytest.mark.parametrize("verb", ["get", "post"])
def test_values_sent_in_docs_need_the_write_permission(reader_api, ticket, verb):
    before = rows()
    docs = json.dumps({"doctype": "Ticket", "name": ticket.pk, "subject": "Defaced"})
    response = getattr(reader_api, verb)(RUN, {"docs": docs, "method": "acknowledge"})
    assert_frappe_error(response, 403, "PermissionError")
    assert rows() == before


def test_no_read_permission_is_403(alice_api, ticket):
    assert_frappe_error(frappe_ui_call(alice_api, ticket, "escalate"), 403, "PermissionError")


def test_guests_may_not_call_run_doc_method(client, ticket):
    response = client.post(RUN, {"dt": "Ticket", "dn": ticket.pk, "method": "summary"})
    assert_frappe_error(response, 403, "PermissionError")


def test_a_method_whitelisted_only_for_get_refuses_post_with_405(reader_api, ticket):
    response = frappe_ui_call(reader_api, ticket, "summary")
    assert response.status_code == 405
    assert response.json()["exc_type"] == "MethodNotAllowed"


def test_args_given_whole_to_a_method_with_an_args_parameter(reader_api, ticket):
    response = reader_api.get(RUN, {"dt": "Ticket", "dn": ticket.pk, "method": "echo", "args": '{"a": [1, 2]}'})
    assert response.json()["message"] == {"a": [1, 2]}
    response = reader_api.get(RUN, {"dt": "Ticket", "dn": ticket.pk, "method": "echo", "arg": '"plain"'})
    assert response.json()["message"] == "plain"


def test_the_older_docs_form_and_runserverobj(writer_api, ticket):
    docs = json.dumps({"doctype": "Ticket", "name": ticket.pk, "subject": "Scanner"})
    response = writer_api.post("/api/method/runserverobj", {"docs": docs, "method": "summary"})
    assert response.status_code == 405  # summary is GET-only
    response = writer_api.get("/api/method/runserverobj", {"docs": docs, "method": "summary"})
    assert response.json()["message"] == "Scanner [Open]"  # the values given, in memory
    assert Ticket.objects.get().subject == "Printer"  # ... never saved by themselves
    response = writer_api.post(RUN, {"docs": docs, "method": "escalate"})
    assert response.json()["message"] == 2
    assert Ticket.objects.get().subject == "Scanner"  # escalate() saved the document it was given


def test_a_method_that_raises_a_frappe_exception_leaves_no_write(writer_api, ticket):
    before = rows()
    response = frappe_ui_call(writer_api, ticket, "close", {"reason": "fixed"})
    assert_frappe_error(response, 417, "ValidationError", "Cannot close Printer: fixed")
    assert "docs" not in response.json()
    assert rows() == before


@pytest.mark.parametrize("method", ["purge", "_reopen", "__class__", "delete", "save", "nope", "", "submit",
                                    "refresh_from_db", "objects", "x" * 5000])
def test_methods_that_are_not_whitelisted_private_unknown_or_of_another_doctype_are_403(admin_api, ticket, method):
    before = rows()
    response = frappe_ui_call(admin_api, ticket, method)
    assert_frappe_error(response, 403, "PermissionError", "is not whitelisted for Ticket")
    assert rows() == before


def test_a_method_of_another_doctype_is_403(admin_api, ticket, note):
    response = admin_api.post_json(RUN, {"dt": "Note", "dn": note.pk, "method": "escalate"})
    assert_frappe_error(response, 403, "PermissionError", "is not whitelisted for Note")
    assert Note.objects.get().title == "Private"


@pytest.mark.parametrize("args", ["{not json", "[1, 2", '{"levels": NaN}', "{" * 40 + "}" * 40])
def test_args_that_are_not_json_are_417(writer_api, ticket, args):
    before = rows()
    response = writer_api.post(RUN, {"dt": "Ticket", "dn": ticket.pk, "method": "escalate", "args": args})
    assert_frappe_error(response, 417, "ValidationError")
    assert rows() == before


def test_args_the_method_does_not_take_are_dropped_and_a_missing_one_is_417(writer_api, admin_api, ticket):
    assert frappe_ui_call(writer_api, ticket, "escalate", {"levels": 1, "other": 2}).json()["message"] == 2
    response = admin_api.post_json(RUN, {"dt": "Ticket", "dn": ticket.pk, "method": "retitle", "args": {}})
    assert_frappe_error(response, 417, "ValidationError", "retitle: missing a required argument: 'subject'")
    assert rows()[0]["subject"] == "Printer"


@pytest.mark.parametrize("params, status, exc_type", [
    ({"dt": "Nope", "dn": "1", "method": "summary"}, 404, "DoesNotExistError"),
    ({"dt": "Ticket", "dn": "999", "method": "summary"}, 404, "DoesNotExistError"),
    ({"dt": "Ticket", "dn": "abc", "method": "summary"}, 404, "DoesNotExistError"),
    ({"method": "summary"}, 417, "ValidationError"),
    ({"docs": "[1]", "method": "summary"}, 417, "ValidationError"),
    ({"docs": "{bad", "method": "summary"}, 417, "ValidationError"),
    ({"dt": "Ticket", "dn": "1"}, 417, "ValidationError"),
])
def test_bad_targets(admin_api, ticket, params, status, exc_type):
    assert_frappe_error(admin_api.get(RUN, params), status, exc_type)


def test_a_model_method_is_not_a_path_of_api_method(admin_api, ticket):
    for path in ("tests.testapp.models.Ticket.escalate", "tests.testapp.models.Ticket.summary",
                 "tests.testapp.models.Ticket"):
        response = admin_api.post(f"/api/method/{path}")
        assert response.status_code in (403, 404), (path, response.status_code)
        assert response.json()["exc_type"] in ("PermissionError", "DoesNotExistError")
    assert rows()[0]["priority"] == 1


# -- v1: /api/resource/<DocType>/<name>?run_method= ------------------------------------------


def test_v1_post_with_run_method_answers_data(writer_api, ticket):
    response = writer_api.post(f"/api/resource/Ticket/{ticket.pk}?run_method=escalate", {"levels": "3"})
    assert response.status_code == 200, response.content
    assert response.json() == {"data": 4}
    assert Ticket.objects.get().priority == 4


def test_v1_get_with_run_method_needs_read_and_a_get_able_method(reader_api, ticket):
    response = reader_api.get(f"/api/resource/Ticket/{ticket.pk}", {"run_method": "summary", "prefix": "> "})
    assert response.json() == {"data": "> Printer [Open]"}
    response = reader_api.get(f"/api/resource/Ticket/{ticket.pk}", {"run_method": "escalate"})
    assert response.status_code in (403, 405)
    assert rows()[0]["priority"] == 1


def test_v1_post_needs_write_even_for_a_get_able_method(reader_api, ticket):
    response = reader_api.post(f"/api/resource/Ticket/{ticket.pk}?run_method=echo")
    assert_frappe_error(response, 403, "PermissionError")


def test_v1_post_without_run_method_or_with_a_bad_one(admin_api, ticket):
    assert_frappe_error(admin_api.post(f"/api/resource/Ticket/{ticket.pk}"), 417, "ValidationError")
    assert_frappe_error(admin_api.post(f"/api/resource/Ticket/{ticket.pk}?run_method=purge"), 403, "PermissionError")
    assert_frappe_error(admin_api.post(f"/api/resource/Ticket/{ticket.pk}?run_method=_reopen"), 403,
                        "PermissionError")
    assert_frappe_error(admin_api.post("/api/resource/Ticket/999?run_method=escalate"), 404, "DoesNotExistError")
    assert Ticket.objects.filter(pk=ticket.pk).exists()


def test_v1_a_method_that_raises_leaves_no_write(admin_api, ticket):
    before = rows()
    assert_frappe_error(admin_api.post(f"/api/resource/Ticket/{ticket.pk}?run_method=close"), 417, "ValidationError")
    assert rows() == before


# -- v2: /api/v2/document/<DocType>/<name>/method/<m> ---------------------------------------


def test_v2_post_method_answers_data_and_docs(writer_api, ticket):
    response = writer_api.post_json(f"/api/v2/document/Ticket/{ticket.pk}/method/escalate", {"levels": 5})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["data"] == 6
    assert body["docs"][0]["priority"] == 6


def test_v2_get_method_needs_read(reader_api, ticket):
    response = reader_api.get(f"/api/v2/document/Ticket/{ticket.pk}/method/summary/")
    assert response.json()["data"] == "Printer [Open]"
    response = reader_api.post(f"/api/v2/document/Ticket/{ticket.pk}/method/echo")
    assert response.status_code == 403
    assert response.json()["errors"][0]["type"] == "PermissionError"


@pytest.mark.parametrize("method, status", [("purge", 403), ("_reopen", 403), ("nope", 403), ("close", 417)])
def test_v2_refusals_in_the_v2_envelope(admin_api, ticket, method, status):
    before = rows()
    response = admin_api.post(f"/api/v2/document/Ticket/{ticket.pk}/method/{method}")
    assert response.status_code == status
    assert response.json()["errors"][0]["type"] in ("PermissionError", "ValidationError")
    assert rows() == before


def test_v2_unknown_document_is_404_and_the_document_itself_still_reads(admin_api, ticket):
    assert admin_api.post("/api/v2/document/Ticket/999/method/escalate").status_code == 404
    assert admin_api.get(f"/api/v2/document/Ticket/{ticket.pk}").json()["data"]["subject"] == "Printer"
    assert admin_api.post(f"/api/v2/document/Ticket/{ticket.pk}").status_code == 405  # no POST on a v2 document


PK = object()  # stands for the ticket's primary key


def with_pk(value, pk):
    if value is PK:
        return pk
    if isinstance(value, dict):
        return {key: with_pk(item, pk) for key, item in value.items()}
    if isinstance(value, list):
        return [with_pk(item, pk) for item in value]
    return value


@pytest.mark.parametrize("body, status, exc_type", [
    ({"dt": "Ticket", "dn": [PK], "method": "escalate"}, 404, "DoesNotExistError"),
    ({"dt": "Ticket", "dn": {"id": PK}, "method": "escalate"}, 404, "DoesNotExistError"),
    ({"dt": {"name": "Ticket"}, "dn": PK, "method": "escalate"}, 417, "ValidationError"),
    ({"dt": "Ticket", "dn": PK, "method": ["escalate"]}, 403, "PermissionError"),
    ({"dt": "Ticket", "dn": PK, "method": "escalate\x00"}, 403, "PermissionError"),
    ({"docs": {"doctype": "Ticket"}, "method": "escalate"}, 417, "ValidationError"),
    ({"dt": "Ticket", "method": "escalate"}, 417, "ValidationError"),
    ({"docs": {"doctype": "Ticket", "name": PK, "priority": {"x": 1}}, "method": "escalate"}, 417, "ValidationError"),
    ({"docs": {"doctype": "Ticket", "name": PK, "nope": 1}, "method": "escalate"}, 417, "ValidationError"),
    ({"docs": [{"doctype": "Ticket", "name": PK}] * 10_000, "method": "escalate"}, 417, "ValidationError"),
])
def test_bad_shapes_in_a_json_body_are_refused_without_a_write(admin_api, ticket, body, status, exc_type):
    before = rows()
    assert_frappe_error(admin_api.post_json(RUN, with_pk(body, ticket.pk)), status, exc_type)
    assert rows() == before


def test_v1_run_method_given_as_a_list_in_a_json_body_is_403(admin_api, ticket):
    response = admin_api.post_json(f"/api/resource/Ticket/{ticket.pk}", {"run_method": ["escalate"]})
    assert_frappe_error(response, 403, "PermissionError")
    assert rows()[0]["priority"] == 1


def test_the_schema_lists_document_method_routes_only_for_doctypes_with_methods(admin_api):
    paths = admin_api.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    v2 = paths["/api/v2/document/Ticket/{name}/method/{method}"]
    assert set(v2) >= {"get", "post"}
    assert [p["name"] for p in v2["post"]["parameters"]] == ["method", "name"]
    assert "post" in paths["/api/resource/Ticket/{name}"]
    assert "/api/v2/document/Article/{name}/method/{method}" not in paths
    assert "post" not in paths["/api/resource/Article/{name}"]


def test_a_guest_calls_only_allow_guest_methods_of_documents_it_may_read(client, categories, ticket):
    news = categories["News"]
    response = client.get(RUN, {"dt": "Category", "dn": "News", "method": "headline"})
    assert response.status_code == 200, response.content
    assert response.json()["message"] == "NEWS"
    assert client.get("/api/resource/Category/News", {"run_method": "headline"}).json() == {"data": "NEWS"}
    assert client.get("/api/v2/document/Category/News/method/headline").json()["data"] == "NEWS"
    for response in (client.get(RUN, {"dt": "Category", "dn": news.name, "method": "article_count"}),
                     client.get("/api/resource/Category/News", {"run_method": "article_count"}),
                     client.get(RUN, {"dt": "Ticket", "dn": ticket.pk, "method": "summary"})):
        assert_frappe_error(response, 403, "PermissionError")
    assert client.get("/api/v2/document/Category/News/method/article_count").status_code == 403


def test_a_method_returning_its_instance_sends_the_document(reader_api, ticket):
    response = reader_api.get(f"/api/v2/document/Ticket/{ticket.pk}/method/itself")
    assert response.json()["data"] == {"doctype": "Ticket", "name": ticket.pk, "id": ticket.pk, "subject": "Printer",
                                       "status": "Open", "priority": 1}


@pytest.mark.parametrize("path", ["/api/v2/document/Ticket/{pk}/method/{m}", "/api/resource/Ticket/{pk}?run_method={m}"])
def test_a_bad_api_key_is_401_whatever_the_method(ticket, path):
    bad = TokenClient("nokey", "nosecret")
    for method in ("summary", "nope", "_reopen"):
        response = bad.get(path.format(pk=ticket.pk, m=method))
        assert response.status_code == 401, (method, response.content[:200])


@pytest.mark.parametrize("path", ["/api/v2/document/Ticket/{pk}/method/{m}", "/api/resource/Ticket/{pk}?run_method={m}",
                                  RUN + "?dt=Ticket&dn={pk}&method={m}"])
def test_a_caller_who_may_not_read_the_doctype_learns_nothing_of_its_methods(alice_api, client, ticket, path):
    for caller in (alice_api, client):
        answers = {caller.get(path.format(pk=ticket.pk, m=method)).content for method in ("summary", "nope", "_reopen")}
        assert len(answers) == 1, answers


def test_markup_a_request_sent_comes_back_escaped_in_the_messages(reader_api, ticket):
    response = reader_api.get("/api/method/run_doc_method", {"dt": "Ticket", "dn": ticket.pk,
                                                             "method": '<img src=x onerror="alert(1)">'})
    assert response.status_code in (403, 404, 417)
    messages = json.loads(response.json()["_server_messages"])
    text = " ".join(json.loads(message)["message"] for message in messages)
    assert "<img" not in text and '&lt;img src=x onerror="alert(1)"&gt;' in text
