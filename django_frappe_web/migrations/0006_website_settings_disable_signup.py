from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("django_frappe_web", "0005_scheduled_job_type"),
    ]

    operations = [
        migrations.AddField(
            model_name="websitesettings",
            name="disable_signup",
            field=models.BooleanField(default=False, help_text="Close /signup although FRAPPE_WEB['SIGNUP_ENABLED'] is on.",
                                      verbose_name="disable sign-up"),
        ),
    ]
