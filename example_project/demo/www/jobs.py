"""Controller of /jobs: the page carries a CSRF token for its form, so it is never cached
(the home page stays cacheable: a guest page with a token baked in is private to its visitor)."""

no_cache = True


def get_context(context):
    context.title = "A background job"
