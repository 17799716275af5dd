from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "friendlystreet.pages"
    label = "pages"
    verbose_name = _("Pages")

    def ready(self) -> None:
        from friendlystreet import checks  # noqa: F401  (registers the site's deploy checks: proxy, Redis)
