"""A doctype's own serializer (``serializer_class``, or its ``viewset_class``'s) is used wherever the API
reads or writes one document: a field it hides is never sent, nor written, by another route."""

from __future__ import annotations

import pytest

from django_frappe_web import doctypes
from django_frappe_web.api.serializers import DocTypeSerializer, serializer_class_for
from django_frappe_web.api.viewsets import ResourceViewSet
from tests.testapp.models import Category

pytestmark = pytest.mark.django_db


class HidingSerializer(DocTypeSerializer):
    """Category without its description: neither sent nor taken."""

    class Meta:
        model = Category
        fields = ["name"]

    def to_representation(self, instance):
        return {key: value for key, value in super().to_representation(instance).items() if key != "description"}

    def to_internal_value(self, data):
        return super().to_internal_value({key: value for key, value in data.items() if key != "description"})


class HidingViewSet(ResourceViewSet):
    serializer_class = HidingSerializer


@pytest.fixture(params=["serializer_class", "viewset_class"])
def hidden(request, monkeypatch, db):
    """Category's description hidden by its serializer, declared on the doctype or on its viewset."""
    doctype = doctypes.get_doctype("Category")
    if request.param == "serializer_class":
        monkeypatch.setattr(doctype, "serializer_class", HidingSerializer)
    else:
        monkeypatch.setattr(doctype, "viewset_class", HidingViewSet)
    return Category.objects.create(name="News", description="secret")


def test_the_viewsets_serializer_is_the_doctypes(hidden):
    assert serializer_class_for(doctypes.get_doctype("Category")) is HidingSerializer


def test_a_copy_leaves_out_what_the_serializer_hides(admin_api, hidden):
    response = admin_api.get("/api/v2/document/Category/News/copy")
    assert response.status_code == 200, response.content
    assert response.json()["data"] == {"doctype": "Category", "__islocal": 1}


@pytest.mark.parametrize("path", ["/api/method/run_doc_method", "/api/v2/method/run_doc_method"])
def test_run_doc_method_echoes_docs_through_the_serializer(admin_api, hidden, path):
    response = admin_api.get(path, {"dt": "Category", "dn": "News", "method": "headline"})
    assert response.status_code == 200, response.content
    assert response.json()["docs"] == [{"doctype": "Category", "name": "News", "id": hidden.pk}]


def test_a_v2_document_method_echoes_docs_through_the_serializer(admin_api, hidden):
    response = admin_api.get("/api/v2/document/Category/News/method/headline")
    assert response.status_code == 200, response.content
    assert response.json()["docs"] == [{"doctype": "Category", "name": "News", "id": hidden.pk}]


def test_frappe_client_get_reads_through_the_serializer(admin_api, hidden):
    response = admin_api.get("/api/method/frappe.client.get", {"doctype": "Category", "name": "News"})
    assert response.status_code == 200, response.content
    assert "description" not in response.json()["message"]


def test_v2_bulk_update_writes_through_the_serializer(admin_api, hidden):
    response = admin_api.post_json("/api/v2/document/Category/bulk_update",
                                   {"docs": [{"name": "News", "description": "overwritten"}]})
    assert response.status_code == 200, response.content
    assert response.json()["docs"] == [{"doctype": "Category", "name": "News", "id": hidden.pk}]
    assert Category.objects.get().description == "secret"


def test_frappe_client_bulk_update_writes_through_the_serializer(admin_api, hidden):
    response = admin_api.post_json("/api/method/frappe.client.bulk_update",
                                   {"docs": [{"doctype": "Category", "docname": "News", "description": "overwritten"}]})
    assert response.json() == {"message": {"failed_docs": []}}
    assert Category.objects.get().description == "secret"
