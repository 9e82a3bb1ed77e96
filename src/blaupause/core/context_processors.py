from django.conf import settings


def site(request):
    return {
        "site_name": settings.BLAUPAUSE_SITE_NAME,
        "site_operator": settings.BLAUPAUSE_OPERATOR,
    }
