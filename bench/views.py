from django.http import HttpResponse

from venues.models import Community


def ceiling(request):
    """The fastest a page can be here: the whole middleware stack and one small query."""
    first = Community.objects.order_by().values_list("id", flat=True).first()
    return HttpResponse(f"ok {first}", content_type="text/plain")
