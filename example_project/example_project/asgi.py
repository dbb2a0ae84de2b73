import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_project.settings")
# Read by the production settings: no persistent database connections under ASGI (see there).
os.environ["DJANGO_SERVER_INTERFACE"] = "asgi"
application = get_asgi_application()
