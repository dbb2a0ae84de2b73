from django.http import JsonResponse


def probe(request):
    return JsonResponse({})


async def async_probe(request):
    return JsonResponse({})
