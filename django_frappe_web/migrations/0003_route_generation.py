import time

from django.db import migrations, models


def create_row(apps, schema_editor):
    # A timestamp, not 0: a restored or re-created row never reuses the numbers of old cached pages.
    apps.get_model("django_frappe_web", "RouteGeneration").objects.using(schema_editor.connection.alias).get_or_create(
        id=1, defaults={"value": int(time.time() * 1000)})


class Migration(migrations.Migration):

    dependencies = [
        ("django_frappe_web", "0002_print_format_web_form_file_api_key"),
    ]

    operations = [
        migrations.CreateModel(
            name="RouteGeneration",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("value", models.BigIntegerField(verbose_name="value")),
            ],
            options={"verbose_name": "route generation"},
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
