"""Factories for the venues tests (and the permission matrix)."""

from __future__ import annotations

import io

import factory
from django.core.files.base import ContentFile
from PIL import Image

from venues import hours as hours_lib
from venues.models import Amenity, Community, Compound, Gate, OpeningHours, Tip, TipStatus, Venue, VenueKind, VenuePhoto

# Chenglong Road, Jinjiang District, Chengdu.
HERE = (30.6035, 104.1262)


def jpeg_bytes(size=(40, 30), color=(200, 120, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="JPEG")
    return out.getvalue()


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试社区{n}")


class AmenityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Amenity
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"amenity_{n}")
    name = factory.LazyAttribute(lambda o: o.code)
    name_en = factory.LazyAttribute(lambda o: o.code.replace("_", " "))


def amenity(code: str) -> Amenity:
    return AmenityFactory(code=code)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"暖新驿站{n}")
    kind = VenueKind.COMMUNITY_STATION
    address = factory.Sequence(lambda n: f"锦江区成龙大道二段{n}号")
    lat = HERE[0]
    lng = HERE[1]
    phone = "028-84600000"

    @factory.post_generation
    def hours(obj, create, extracted, **kwargs):
        """hours="Mo-Su 08:00-20:00" (the text form); default: open 24/7."""
        if not create:
            return
        text = "24/7" if extracted is None else extracted
        OpeningHours.objects.bulk_create(
            [OpeningHours(venue=obj, day=r.day, start=r.start, end=r.end) for r in hours_lib.parse_hours(text)]
        )

    @factory.post_generation
    def amenities(obj, create, extracted, **kwargs):
        """amenities=["phone_charging", "toilet"] (codes; created when missing)."""
        if create and extracted:
            obj.amenities.set([amenity(code) for code in extracted])


class VenuePhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VenuePhoto

    venue = factory.SubFactory(VenueFactory)
    image = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="photo.jpg"))


class CompoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Compound

    name = factory.Sequence(lambda n: f"锦绣小区{n}")
    address = factory.Sequence(lambda n: f"锦江区长柏路{n}号")
    lat = HERE[0] + 0.001
    lng = HERE[1] + 0.001


def compound_form(**fields) -> dict:
    """The staff form of a compound guide as the page sends it: the compound, one gate (北门,
    both its rules 不详), the gates' blank extra row (skipped), no parking place, no bicycles."""
    data = {
        "name": "成龙锦苑",
        "address": "成龙大道二段 100 号",
        "lat": "30.6045",
        "lng": "104.1270",
        "active": "on",
        "gates-TOTAL_FORMS": "2",
        "gates-INITIAL_FORMS": "0",
        "gates-0-name": "北门",
        "gates-0-ebikes_allowed": "unknown",
        "gates-0-entry_method": "",
        "gates-1-name": "",
        "gates-1-ebikes_allowed": "unknown",
        "gates-1-entry_method": "",
        "parking-TOTAL_FORMS": "1",
        "parking-INITIAL_FORMS": "0",
        "bikes-TOTAL_FORMS": "1",
        "bikes-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return data


class GateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gate

    compound = factory.SubFactory(CompoundFactory)
    name = factory.Sequence(lambda n: f"{n}号门")
    ebikes_allowed = True
    hours = "24/7"


class TipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tip

    compound = factory.SubFactory(CompoundFactory)
    text = "3号门22点后可以进电动车。"
    status = TipStatus.PENDING
