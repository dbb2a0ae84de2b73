from django.contrib import admin

from .models import WebPage, WebsiteLink, WebsiteRedirect, WebsiteSettings


@admin.register(WebsiteRedirect)
class WebsiteRedirectAdmin(admin.ModelAdmin):
    list_display = ["source", "target", "redirect_http_status", "enabled", "priority"]
    list_editable = ["enabled", "priority"]
    list_filter = ["enabled", "redirect_http_status"]
    search_fields = ["source", "target"]


@admin.register(WebPage)
class WebPageAdmin(admin.ModelAdmin):
    list_display = ["title", "route", "content_type", "published", "modified"]
    list_filter = ["published", "content_type"]
    search_fields = ["title", "route", "main_section"]

    def save_model(self, request, obj, form, change):
        if not change and request.user.pk:
            obj.owner = request.user
        super().save_model(request, obj, form, change)


class WebsiteLinkInline(admin.TabularInline):
    model = WebsiteLink
    extra = 1


@admin.register(WebsiteSettings)
class WebsiteSettingsAdmin(admin.ModelAdmin):
    inlines = [WebsiteLinkInline]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not WebsiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
