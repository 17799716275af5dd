"""The project's URLs plus the ceiling: a trivial view that runs one query."""

from django.conf import settings
from django.urls import path

from friendlystreet import urls as project_urls

from .views import ceiling

if not getattr(settings, "BENCH", False):  # pragma: no cover - a guard against misuse
    raise RuntimeError("bench.urls is only for the benchmark server (DJANGO_SETTINGS_MODULE=bench.settings)")

urlpatterns = [path("bench/ceiling/", ceiling, name="bench_ceiling"), *project_urls.urlpatterns]

handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500
