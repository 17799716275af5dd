"""Simple pictures for the demo (seed time only): a tile in the venue kind's map colour with
its pin letter and a short text, so the demo's lists show pictures. Made with Pillow, then
stored as staff uploads are (clean_image, then a thumbnail)."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from friendlystreet.thumbnails import Thumbnail, make_thumbnail
from friendlystreet.uploads import clean_image

from .models import VenueKind

# The same colours as the map pins (static/css/venues.css, .pin-<kind>).
KIND_COLOURS = {
    VenueKind.COMMUNITY_STATION: (194, 65, 12),
    VenueKind.MERCHANT: (126, 34, 206),
    VenueKind.HOSPITAL: (185, 28, 28),
    VenueKind.ACADEMY: (29, 78, 216),
    VenueKind.PROPERTY_STATION: (4, 120, 87),
}
KIND_LETTERS = {
    VenueKind.COMMUNITY_STATION: "驿",
    VenueKind.MERCHANT: "商",
    VenueKind.HOSPITAL: "医",
    VenueKind.ACADEMY: "学",
    VenueKind.PROPERTY_STATION: "物",
}
# A CJK font when the machine has one (Debian: fonts-wqy-microhei); else Pillow's own.
FONTS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def _font(size: int):
    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def picture(
    *, kind: str, text: str, size: tuple[int, int] = (960, 720), letter: str = ""
) -> tuple[SimpleUploadedFile, Thumbnail]:
    """A cleaned JPEG and its thumbnail, ready to save into an image and a thumbnail field.
    `letter`: in the circle instead of the kind's pin letter (a picture that is not a venue's)."""
    colour = KIND_COLOURS.get(kind, (73, 80, 87))
    image = Image.new("RGB", size, tuple(min(255, c + 150) for c in colour))
    draw = ImageDraw.Draw(image)
    w, h = size
    r = h // 4
    draw.ellipse((w // 2 - r, h // 2 - r - 60, w // 2 + r, h // 2 + r - 60), fill=colour)
    draw.text((w // 2, h // 2 - 60), letter or KIND_LETTERS.get(kind, "?"), font=_font(r), fill="white", anchor="mm")
    draw.text((w // 2, h - 120), text[:14], font=_font(64), fill=colour, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    cleaned = clean_image(SimpleUploadedFile("demo.jpg", out.getvalue(), content_type="image/jpeg"))
    return cleaned, make_thumbnail(cleaned)
