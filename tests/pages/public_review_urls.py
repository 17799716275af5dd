"""The site's URLs with friendlystreet/pages/urls.py mounted, as friendlystreet/urls.py is to
mount it (`path("", include("friendlystreet.pages.urls"))`): the rules page's tests run on
this until then, and on the real site as well afterwards."""

from django.urls import include, path

from friendlystreet.urls import handler400, handler403, handler404, handler500  # noqa: F401
from friendlystreet.urls import urlpatterns as site

urlpatterns = [*site, path("", include("friendlystreet.pages.urls"))]
