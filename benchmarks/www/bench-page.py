def get_context(context):
    context.items = range(20)
