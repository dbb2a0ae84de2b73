from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("testapp", "0004_article_link"),
    ]

    operations = [
        migrations.AlterField(
            model_name="note",
            name="content",
            field=models.TextField(blank=True, max_length=5000),
        ),
    ]
