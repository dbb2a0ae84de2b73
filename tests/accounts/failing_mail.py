"""An e-mail backend whose server is down (a real backend's failure, not a mock of our code)."""

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("[Errno 111] Connection refused")
