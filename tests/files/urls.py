"""The test URLconf plus a stand-in for ``/api/method/upload_file`` that calls the function as the API will.

It reads nothing from the request before calling ``upload_file`` (as an API that
honours ``upload_file.prepare_request`` before authentication does), so the upload
limits act while the body streams in. Frappe errors become JSON through FrappeMiddleware.
"""

from django.http import JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from django_frappe_web.files.handler import upload_file


@csrf_exempt
def upload_probe(request):
    return JsonResponse({"message": upload_file()})


urlpatterns = [
    path("api/_files_probe/upload_file", upload_probe),
    path("", include("tests.urls")),
]
