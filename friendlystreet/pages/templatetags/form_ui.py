"""{% form_fields form %}: the one way staff and partner pages render a form.

Labels above fields, the required mark, help text and errors tied to the control with
aria-describedby (Django's own ids: `<id>_helptext`, `<id>_error`), fieldsets with
legends, two columns on a desktop and one on a phone (static/css/forms.css), and a map
to pick latitude and longitude wherever a group holds fields named `lat` and `lng`
(static/js/forms.js, through FSMaps).

A form groups its fields by declaring `fieldsets`, a list of
`(legend, [field names])` or `(legend, [field names], {"id": ..., "help": ..., "map": "folded"})`
("folded": the map waits behind "pick the place on the map", for an optional point);
fields it does not name come last, in a group without a legend. Without `fieldsets`
all fields form one group. `wide_fields` names fields that take the whole row
(text areas, choice lists and the hours editor always do)."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field

from django import forms, template
from django.conf import settings
from django.utils.text import slugify

register = template.Library()


@dataclass
class Section:
    legend: str | None
    fields: list = dc_field(default_factory=list)
    id: str = ""
    help: str = ""
    map: tuple | None = None  # (lat bound field, lng bound field)
    map_collapsed: bool = False


def _map_pair(form, names) -> tuple | None:
    if "lat" in names and "lng" in names and "lat" in form.fields and "lng" in form.fields:
        return (form["lat"], form["lng"])
    return None


def sections(form) -> list[Section]:
    visible = {bf.name: bf for bf in form.visible_fields()}
    spec = getattr(form, "fieldsets", None) or [(None, list(visible))]
    out: list[Section] = []
    used: set[str] = set()
    for legend, names, *rest in spec:
        options = rest[0] if rest else {}
        used.update(names)
        bound = [visible[n] for n in names if n in visible]
        if not bound:
            continue
        prefix = f"{form.prefix}-" if form.prefix else ""
        out.append(
            Section(
                legend=legend,
                fields=bound,
                id=options.get("id") or (f"{prefix}section-{slugify(str(options.get('slug', len(out))))}"),
                help=options.get("help", ""),
                map=_map_pair(form, names),
                # In a formset row the map waits behind "pick on the map": thirty maps at once help no one.
                map_collapsed=bool(form.prefix) or options.get("map") == "folded",
            )
        )
    rest = [bf for name, bf in visible.items() if name not in used]
    if rest:
        names = [b.name for b in rest]
        out.append(Section(legend=None, fields=rest, id=f"{form.prefix or ''}section-more", map=_map_pair(form, names)))
    return out


@register.inclusion_tag("includes/form_fields.html")
def form_fields(form, errors_note: bool = True, after: str = "", insert: str = "", **insert_context):
    """All of a form: its errors, hidden fields and groups of fields.

    `insert` names a template shown right after the field named `after`, in its group's grid,
    given the other keyword arguments: the exports page's quick choices of days under the two
    dates they fill, `{% form_fields form after="end" insert="staff/exports/_presets.html" presets=presets %}`."""
    return {
        **insert_context,
        "form": form,
        "sections": sections(form),
        "errors_note": errors_note and bool(form.errors),
        "after": after,
        "insert": insert,
    }


@register.filter
def field_kind(bound) -> str:
    widget = bound.field.widget
    kind = getattr(widget, "fs_kind", None)
    if kind:
        return kind
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "choices"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.Select):
        return "select"
    return "input"


@register.filter
def field_wide(bound) -> bool:
    if bound.name in getattr(bound.form, "wide_fields", ()):
        return True
    return field_kind(bound) in {"textarea", "choices", "hours", "file"}


@register.simple_tag
def map_centre(lat, lng) -> tuple[float, float]:
    """Where the picker opens: the field's point, else the configured centre."""
    try:
        return (float(lat.value()), float(lng.value()))
    except (TypeError, ValueError):
        return tuple(settings.MAP_DEFAULT_CENTRE)


@register.filter
def row_title(form, name: str) -> str:
    """The summary of a folded formset row: what its `name` field holds (empty: a new row)."""
    if not name or name not in form.fields:
        return ""
    value = form[name].value()
    return str(value).strip() if value not in (None, "") else ""
