"""Website Settings for accounts and the portal: disable_signup, banner/head HTML, hide_login,
navbar_search, nested links (parent_label) and role home pages (issue 14)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("django_frappe_web", "0006_web_forms_layout_tables_conditions_drafts_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="websitesettings",
            name="disable_signup",
            field=models.BooleanField(default=False, help_text="Close /signup although FRAPPE_WEB['SIGNUP_ENABLED'] is on.",
                                      verbose_name="disable sign-up"),
        ),
        migrations.AddField(
            model_name='websitelink',
            name='parent_label',
            field=models.CharField(blank=True, help_text='The label of the item this one is under (a drop-down, a footer column).', max_length=100, verbose_name='parent label'),
        ),
        migrations.AddField(
            model_name='websitesettings',
            name='banner_html',
            field=models.TextField(blank=True, help_text='HTML above the top bar of every page.', verbose_name='banner HTML'),
        ),
        migrations.AddField(
            model_name='websitesettings',
            name='head_html',
            field=models.TextField(blank=True, help_text="HTML at the end of every page's <head>.", verbose_name='head HTML'),
        ),
        migrations.AddField(
            model_name='websitesettings',
            name='hide_login',
            field=models.BooleanField(default=False, help_text="No 'Log in' link in the top bar.", verbose_name='hide login'),
        ),
        migrations.AddField(
            model_name='websitesettings',
            name='navbar_search',
            field=models.BooleanField(default=False, help_text='A search box linking to the site search, once the site has one.', verbose_name='search in the top bar'),
        ),
        migrations.AlterField(
            model_name='websitelink',
            name='url',
            field=models.CharField(blank=True, help_text='Empty for a drop-down or a footer column heading.', max_length=500),
        ),
        migrations.CreateModel(
            name='RoleHomePage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(help_text='A Django group name.', max_length=150, verbose_name='role')),
                ('home_page', models.CharField(max_length=255, verbose_name='home page')),
                ('ordering', models.PositiveIntegerField(default=0)),
                ('settings', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='role_home_pages', to='django_frappe_web.websitesettings')),
            ],
            options={
                'verbose_name': 'role home page',
                'ordering': ['ordering', 'id'],
            },
        ),
    ]
