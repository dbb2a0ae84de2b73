from django.contrib import admin

from django_frappe_web.content_admin import RouteTranslationInline

from .models import ApplicationReference, Article, Category, Feedback, TalkProposal, VolunteerApplication


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "published", "published_on", "category"]
    list_filter = ["published", "category"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "body"]
    inlines = [RouteTranslationInline]  # the article's routes in other languages (/de/blog/willkommen)


admin.site.register(Category)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "topic", "rating", "owner", "creation"]
    list_filter = ["topic"]


@admin.register(TalkProposal)
class TalkProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "level", "duration", "track", "owner", "modified"]


class ApplicationReferenceInline(admin.TabularInline):
    model = ApplicationReference
    extra = 0


@admin.register(VolunteerApplication)
class VolunteerApplicationAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "country", "creation"]
    inlines = [ApplicationReferenceInline]
