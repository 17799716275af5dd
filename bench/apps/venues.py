"""2,000 venues and 60 compounds around Chenglong Road (1/20 of that on the small seed); the
public map, list and pages."""

from __future__ import annotations

import random

from bench.scenarios import PUBLIC, Context, Scenario

ORDER = 10
DESCRIPTION = "2,000 venues (hours, 3-9 amenities each) and 60 compound guides within about 6 km of Chenglong Road"
VENUES = 2000
COMPOUNDS = 60
CENTRE = (30.6035, 104.1262)  # R29 block plaza
HOURS = ["24/7", "Mo-Su 07:00-23:00", "Mo-Fr 08:00-12:00,14:00-18:00; Sa 09:00-12:00", "Mo-Su 20:00-03:00+1", "Mo-Sa 08:00-20:00"]


def seed(ctx: Context) -> None:
    from django.contrib.auth import get_user_model

    from venues import hours as hours_lib
    from venues.models import Amenity, Community, Compound, Gate, OpeningHours, Tip, TipStatus, Venue, VenueKind

    rng = random.Random(2026)  # the same data every run
    amenities = list(Amenity.objects.all())
    communities = list(Community.objects.all())
    kinds = list(VenueKind.values)
    # Spread over about 12 x 12 km: the sub-district and its neighbours.
    venues = Venue.objects.bulk_create(
        Venue(
            name=f"暖新驿站{i:04d}",
            kind=kinds[i % len(kinds)],
            community=communities[i % len(communities)],
            address=f"锦江区成龙大道{i}号",
            lat=CENTRE[0] + rng.uniform(-0.055, 0.055),
            lng=CENTRE[1] + rng.uniform(-0.063, 0.063),
            phone="028-84600000",
            services=["免费热水", "手机充电"],
        )
        for i in range(ctx.scaled(VENUES))
    )
    hour_rows = []
    for v in venues:
        for r in hours_lib.parse_hours(HOURS[v.pk % len(HOURS)]):
            hour_rows.append(OpeningHours(venue=v, day=r.day, start=r.start, end=r.end))
    OpeningHours.objects.bulk_create(hour_rows, batch_size=5000)
    through = Venue.amenities.through
    links = [through(venue=v, amenity=a) for v in venues for a in rng.sample(amenities, k=rng.randint(3, 9))]
    through.objects.bulk_create(links, batch_size=5000)

    riders = list(get_user_model().objects.filter(username__startswith="rider")[:20])
    for i in range(ctx.scaled(COMPOUNDS)):
        compound = Compound.objects.create(
            name=f"小区{i:03d}",
            address=f"锦江区长柏路{i}号",
            lat=CENTRE[0] + rng.uniform(-0.05, 0.05),
            lng=CENTRE[1] + rng.uniform(-0.05, 0.05),
            building_notes="单号楼门朝南。",
        )
        Gate.objects.bulk_create(Gate(compound=compound, name=f"{g}号门", hours="Mo-Su 06:00-23:00") for g in range(1, 4))
        if riders:
            Tip.objects.bulk_create(
                Tip(compound=compound, author=riders[t % len(riders)], text=f"提示{t}", status=TipStatus.APPROVED)
                for t in range(8)
            )
    reuse(ctx)


def reuse(ctx: Context) -> None:
    from venues.models import Compound, Venue

    # The demo barber: a real page with hours, amenities, services and an operator.
    ctx.data["venue_id"] = Venue.objects.filter(name="王师傅理发店").values_list("id", flat=True).first()
    ctx.data["compound_id"] = Compound.objects.order_by("id").values_list("id", flat=True).first()


def scenarios(ctx: Context) -> list[Scenario]:
    near = f"{CENTRE[0]},{CENTRE[1]}"
    return [
        Scenario("venue list API: near + amenity", f"/api/v1/venues/?near={near}&amenity=phone_charging", target=PUBLIC),
        # Every request from another place: the cache cannot help, this is the database's work.
        Scenario(
            "venue list API: near (random) + amenity, uncached",
            "/api/v1/venues/?amenity=phone_charging",
            target=PUBLIC,
            script="random_near.lua",
            check_path=f"/api/v1/venues/?amenity=phone_charging&near={near}",
        ),
        Scenario("venue list page: near + amenity", f"/venues/?near={near}&amenity=phone_charging", target=PUBLIC),
        Scenario("venue page", f"/venues/{ctx.data['venue_id']}/", target=PUBLIC),
        Scenario("venue detail API", f"/api/v1/venues/{ctx.data['venue_id']}/", target=PUBLIC),
        Scenario("compound guide", f"/compounds/{ctx.data['compound_id']}/", target=PUBLIC),
    ]
