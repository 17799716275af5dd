# TEMPORARY (issue 13): removed once points/ no longer imports it.
from django.template.backends.utils import csrf_input


def csrf_field(request) -> str:
    return str(csrf_input(request))
