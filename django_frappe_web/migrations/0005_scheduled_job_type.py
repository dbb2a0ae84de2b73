from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("django_frappe_web", "0004_background_job"),
    ]

    operations = [
        migrations.CreateModel(
            name="ScheduledJobType",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("method", models.CharField(max_length=255, verbose_name="method")),
                ("frequency", models.CharField(max_length=20, verbose_name="frequency")),
                ("cron_format", models.CharField(blank=True, default="", max_length=255, verbose_name="cron format")),
                ("app", models.CharField(blank=True, default="", max_length=255, verbose_name="app")),
                ("stopped", models.BooleanField(default=False, help_text="A stopped event is never enqueued.",
                                                verbose_name="stopped")),
                ("last_enqueued", models.DateTimeField(blank=True, editable=False, null=True,
                                                       verbose_name="last enqueued")),
                ("last_execution", models.DateTimeField(blank=True, editable=False, null=True,
                                                        help_text="When a worker last started the job.",
                                                        verbose_name="last execution")),
                ("creation", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "verbose_name": "scheduled job type",
                "ordering": ["method", "frequency", "cron_format"],
                "constraints": [models.UniqueConstraint(fields=("method", "frequency", "cron_format"),
                                                        name="unique_scheduled_job_type")],
            },
        ),
    ]
