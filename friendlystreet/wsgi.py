import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "friendlystreet.settings")
application = get_wsgi_application()

# Django reads SECRET_KEY lazily; reading it here makes a production process without
# one refuse to start, instead of failing on its first request.
settings.SECRET_KEY  # noqa: B018
