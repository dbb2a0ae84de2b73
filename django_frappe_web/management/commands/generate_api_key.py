"""``manage.py generate_api_key USERNAME``: a new API key for the user; the secret is printed once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ...api_keys import create_api_key


class Command(BaseCommand):
    help = (
        "Create an API key for USERNAME and print 'api_key: <key>' and 'api_secret: <secret>'. "
        "Use them as 'Authorization: token <key>:<secret>'. The secret is stored hashed and never shown again."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"No user {username!r}") from None
        row, secret = create_api_key(user)
        self.stdout.write(f"api_key: {row.api_key}")
        self.stdout.write(f"api_secret: {secret}")
