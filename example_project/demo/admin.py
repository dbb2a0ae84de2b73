from django.contrib import admin

from .models import Article, Category


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "published", "published_on", "category"]
    list_filter = ["published", "category"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "body"]


admin.site.register(Category)
