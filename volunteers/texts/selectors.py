"""Reads of the public texts and their signatures."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from friendlystreet.accounts.models import User
from venues.models import Venue, VenueKind

from ..models import PublicText, SignatoryParty, Signature

PERM_MANAGE = "volunteers.manage_texts"
LATEST_SIGNATURES = 10


def can_manage(user: User) -> bool:
    return user.is_authenticated and user.has_perm(PERM_MANAGE)


def texts_visible_to(user: User, *, kind: str = "") -> QuerySet[PublicText]:
    """Published texts for everyone; drafts too for staff who manage texts."""
    queryset = PublicText.objects.all()
    if not can_manage(user):
        queryset = queryset.filter(published=True)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


def text_for(user: User, pk: int) -> PublicText | None:
    return texts_visible_to(user).filter(pk=pk).first()


def signature_counts(text: PublicText) -> dict[str, int]:
    """{party: count} for every party (zero included)."""
    counts = dict.fromkeys(SignatoryParty.values, 0)
    for row in text.signatures.values("party").annotate(n=Count("id")).order_by():
        counts[row["party"]] = row["n"]
    return counts


def signature_counts_for(texts: list[PublicText]) -> dict[int, dict[str, int]]:
    """signature_counts() of several texts in one query (the list and the API)."""
    found = {t.pk: dict.fromkeys(SignatoryParty.values, 0) for t in texts}
    rows = Signature.objects.filter(text_id__in=list(found)).values("text_id", "party").annotate(n=Count("id")).order_by()
    for row in rows:
        found[row["text_id"]][row["party"]] = row["n"]
    return found


def latest_signatures(text: PublicText, limit: int = LATEST_SIGNATURES) -> list[Signature]:
    """The newest signatures; pages show the signer's masked name only."""
    return list(text.signatures.select_related("signer")[:limit])


def signature_of(user: User, text: PublicText) -> Signature | None:
    if not user.is_authenticated:
        return None
    return Signature.objects.filter(text=text, signer=user).first()


def signatures_of(user: User) -> QuerySet[Signature]:
    return Signature.objects.filter(signer=user).select_related("text").order_by("-created_at")


def preset_party(user: User) -> str | None:
    """Riders sign as couriers: their party is not theirs to choose. A superuser has every
    permission, a rider's too, but signs for whom they choose (a street office, a community)."""
    if user.is_authenticated and not user.is_superuser and user.has_perm("volunteers.join_activities"):
        return SignatoryParty.COURIER
    return None


def signing_rights(user: User) -> dict[str, tuple[str, ...] | None]:
    """Whom `user` may sign the convention for: {party: the names they may sign with}, None for
    any name. The convention binds communities, property companies and couriers, and the models
    say who belongs to which by role or by link, nothing else:

    - a rider (preset_party) signs as a courier, without a name;
    - a community signs through the people of its community station (暖新驿站): the operators
      the street office linked to an active venue of that kind, for the venue's community, by
      its name (社区 are the street's Community list);
    - a property company signs through the people of its property station (物业小站): the
      operators of an active venue of that kind, by the station's name;
    - a superuser (the site's keeper, who may record a signature given on paper) for any party
      under any name, as before.

    Anyone else (street-office staff, a merchant's operator, an account with no role) signs for
    nobody: {}."""
    if not user.is_authenticated:
        return {}
    if user.is_superuser:
        return dict.fromkeys(SignatoryParty.values)
    if preset_party(user):
        return {SignatoryParty.COURIER: ()}
    venues = Venue.objects.filter(
        operators=user, active=True, kind__in=(VenueKind.COMMUNITY_STATION, VenueKind.PROPERTY_STATION)
    ).values_list("kind", "name", "community__name")
    communities, stations = set(), set()
    for kind, name, community in venues:
        if kind == VenueKind.PROPERTY_STATION:
            stations.add(name)
        elif community:
            communities.add(community)
    rights: dict[str, tuple[str, ...] | None] = {}
    if communities:
        rights[SignatoryParty.COMMUNITY] = tuple(sorted(communities))
    if stations:
        rights[SignatoryParty.PROPERTY] = tuple(sorted(stations))
    return rights
