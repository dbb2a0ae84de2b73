"""FrappeMiddleware: sets up ``frappe.local`` for every request (placeholder, being written)."""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

from .local import Local, reset_local, set_local


class FrappeMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self.__acall__(request)
        token = set_local(Local(request=request))
        try:
            return self.get_response(request)
        finally:
            reset_local(token)

    async def __acall__(self, request):
        token = set_local(Local(request=request))
        try:
            return await self.get_response(request)
        finally:
            reset_local(token)
