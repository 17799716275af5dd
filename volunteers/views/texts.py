"""Pages of the public texts: the initiative letters, the letter to mobile party members and the
tripartite convention (三方公约) that anyone signed in signs once; the staff pages that publish
them. Thin: volunteers.texts.services decide and check permissions again, the selectors read."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from friendlystreet.accounts.access import permission_required
from friendlystreet.api.errors import DomainError
from friendlystreet.inputs import CheckedForm, show_service_errors
from friendlystreet.uploads import file_response, size_check_attrs
from friendlystreet.widgets import DatePicker

from ..models import PublicText, SignatoryParty, TextKind
from ..texts import selectors, services
from ..texts.errors import NotEntitled
from ..texts.markdown import render as render_markdown
from ..texts.selectors import PERM_MANAGE

# --- forms --------------------------------------------------------------------------------------


class SignForm(CheckedForm, forms.Form):
    """Who one signs for; a rider's party is preset (the form does not ask them)."""

    party = forms.ChoiceField(label=gettext_lazy("I sign for"), choices=SignatoryParty.choices, widget=forms.RadioSelect)
    organisation = forms.CharField(
        label=gettext_lazy("Community or company"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("For a community or a property company: its name, e.g. 望平社区 or 某某物业."),
    )


class TextForm(CheckedForm, forms.ModelForm):
    """Parses the text's fields; services.text_save writes them (and cleans the image)."""

    image = forms.ImageField(label=gettext_lazy("image"), required=False)

    class Meta:
        model = PublicText
        fields = ["kind", "title", "body", "issued_on", "issuer", "published", "order"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16}), "issued_on": DatePicker()}
        help_texts = {
            "body": gettext_lazy(
                "Markdown: a blank line starts a new paragraph; ## Heading, **bold**, - list item, "
                "[link text](https://…). HTML is shown as text, not run."
            ),
            "issuer": gettext_lazy(
                "Several issuers: put a full-width space (or two spaces) between them; each is printed on its own line."
            ),
            "order": gettext_lazy("Smaller numbers come first on the initiatives page."),
            "published": gettext_lazy("Drafts are seen only by staff who publish texts."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limit clean_image() applies (in text_save) and its words, for static/js/uploads.js
        # to refuse a larger image beside the field as soon as it is chosen.
        self.fields["image"].widget.attrs.update(size_check_attrs())

    def _post_clean(self):
        # The model is written by services.text_save, not by this form.
        pass


# --- public pages -------------------------------------------------------------------------------


def _visible_text(request: HttpRequest, pk: int) -> PublicText:
    """A published text, or a draft for staff who publish texts; 404 otherwise (no hint)."""
    text = selectors.text_for(request.user, pk)
    if text is None:
        raise Http404
    return text


@require_GET
def text_list(request: HttpRequest) -> HttpResponse:
    """The published texts grouped by kind: the convention first (with how many have signed), then
    the initiative letters and the letter to party members."""
    texts = list(selectors.texts_visible_to(request.user))
    signables = [t for t in texts if t.signable]
    counts = selectors.signature_counts_for(signables) if signables else {}
    for text in signables:
        text.counts = counts[text.pk]
        text.total = sum(text.counts.values())
    groups = []
    for kind in (TextKind.CONVENTION, TextKind.INITIATIVE, TextKind.PARTY_LETTER):
        items = [t for t in texts if t.kind == kind]
        if items:
            several = kind == TextKind.INITIATIVE and len(items) > 1  # the three letters under "Initiative letters"
            groups.append({"kind": kind, "label": _("Initiative letters") if several else kind.label, "texts": items})
    return render(request, "volunteers/texts/text_list.html", {"groups": groups, "parties": SignatoryParty.choices})


def _detail_context(request: HttpRequest, text: PublicText, form: SignForm | None = None) -> dict:
    user = request.user
    context: dict = {"text": text, "body": render_markdown(text.body), "can_manage": selectors.can_manage(user)}
    if text.signable:
        counts = selectors.signature_counts(text)
        context["counts"] = [(value, label, counts[value]) for value, label in SignatoryParty.choices]
        context["total"] = sum(counts.values())
        context["latest"] = selectors.latest_signatures(text)
        if user.is_authenticated and text.published:
            context["mine"] = selectors.signature_of(user, text)
            preset = selectors.preset_party(user)
            context["preset"] = preset
            # Only the parties that are the user's are offered (the service checks again); an
            # account that is no party's reads why instead of a form that would refuse them.
            rights = {} if context["mine"] else selectors.signing_rights(user)
            if not rights and not context["mine"]:
                context["not_entitled"] = NotEntitled.default_message
                return context
            if form is None:
                form = SignForm(initial=_sign_initial(preset, rights))
            names = [name for named in rights.values() if named for name in named]
            if names:
                form.fields["organisation"].help_text = _("You can sign for: %(names)s.") % {"names": "、".join(names)}
            context["form"] = form
            context["parties"] = list(rights)
    return context


def _sign_initial(preset: str | None, rights: dict) -> dict:
    """The form as it opens: the rider's party; the one party and name of a station's people."""
    if preset:
        return {"party": preset}
    if len(rights) == 1:
        party, names = next(iter(rights.items()))
        return {"party": party, "organisation": names[0] if names and len(names) == 1 else ""}
    return {}


@require_GET
def text_detail(request: HttpRequest, pk: int) -> HttpResponse:
    text = _visible_text(request, pk)
    return render(request, "volunteers/texts/text_detail.html", _detail_context(request, text))


@login_required
@require_POST
def text_sign(request: HttpRequest, pk: int) -> HttpResponse:
    text = _visible_text(request, pk)
    data = request.POST.copy()
    preset = selectors.preset_party(request.user)
    if preset:  # a rider signs as a courier whatever the form sent
        data["party"] = preset
    form = SignForm(data)
    if form.is_valid():
        try:
            services.text_sign(
                user=request.user,
                text=text,
                party=form.cleaned_data["party"],
                organisation=form.cleaned_data.get("organisation") or "",
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("volunteers:text_detail", pk=text.pk)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Thank you for signing the convention."))
            return redirect("volunteers:text_detail", pk=text.pk)
    context = _detail_context(request, text, form)
    return render(request, "volunteers/texts/text_detail.html", context, status=400)


@login_required
@require_POST
def text_unsign(request: HttpRequest, pk: int) -> HttpResponse:
    text = _visible_text(request, pk)
    try:
        services.text_unsign(user=request.user, text=text)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your signature was withdrawn."))
    return redirect("volunteers:text_detail", pk=text.pk)


@require_GET
def text_image(request: HttpRequest, pk: int) -> HttpResponse:
    """The text's image (cleaned when saved): public for published texts, staff for drafts."""
    text = _visible_text(request, pk)
    if not text.image:
        raise Http404
    # A new image gets a new stored name, but the URL stays: cache for a while only.
    return file_response(text.image, cache_control="public, max-age=3600" if text.published else "private, max-age=0")


# --- staff --------------------------------------------------------------------------------------


@permission_required(PERM_MANAGE)
@require_GET
def staff_text_list(request: HttpRequest) -> HttpResponse:
    texts = list(selectors.texts_visible_to(request.user))
    signables = [t for t in texts if t.signable]
    counts = selectors.signature_counts_for(signables) if signables else {}
    for text in texts:
        text.total = sum(counts[text.pk].values()) if text.pk in counts else None
    return render(request, "volunteers/staff/texts/text_list.html", {"texts": texts})


@permission_required(PERM_MANAGE)
@require_http_methods(["GET", "POST"])
def staff_text_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    text = None
    if pk is not None:
        text = PublicText.objects.filter(pk=pk).first()
        if text is None:
            raise Http404
    form = TextForm(request.POST or None, request.FILES or None, instance=text)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in TextForm.Meta.fields}
        try:
            saved = services.text_save(actor=request.user, text=text, image=form.cleaned_data.get("image"), **data)
        except ValidationError as exc:
            show_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The text was saved."))
            return redirect("volunteers:staff_text_edit", pk=saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "volunteers/staff/texts/text_form.html", {"form": form, "text": text}, status=status)


# --- the profile panel --------------------------------------------------------------------------


def signatures_panel(request: HttpRequest) -> dict | None:
    """What the user has signed, on /profile/ (friendlystreet.pages.panels): riders always (with
    a way to the convention when they have not signed), anyone else once they have signed."""
    user = request.user
    if not user.is_authenticated:
        return None
    signatures = list(selectors.signatures_of(user))
    if not signatures and not selectors.preset_party(user):
        return None
    return {"signatures": signatures}
