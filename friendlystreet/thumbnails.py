"""Small copies of cleaned photos for pages on phones; the stored photo can be 2560 px and a
megabyte.

- The thumbnail, at most THUMB_SIDE px on its longer side, is made once at upload and stored
  beside the original ("<name>_thumb.jpg"), with its size kept so that pages can set
  width/height (no layout shift while it loads): a venue's photos, the catalogue's cards.
- `small_copy` makes a copy of any stored picture when first asked for: a row of the venue list
  (LIST_SIDE, from the thumbnail) and a tip's picture (tips store no thumbnail).

Only images that `friendlystreet.uploads.clean_image` has already validated and
re-encoded come here: nothing but pixels is left in them.
"""

from __future__ import annotations

import io
import posixpath
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.base import ContentFile
from PIL import Image

THUMB_SIDE = 480
# A row of the venue list shows its picture 88 px wide (120 px on a desk): 240 px stays sharp on
# a phone's 2.6× screen, at a quarter of the 480 px thumbnail's bytes.
LIST_SIDE = 240
JPEG_QUALITY = 78
KEPT_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Thumbnail:
    content: ContentFile
    width: int
    height: int


def thumbnail_name(original_name: str) -> str:
    """'venues/3/ab12.jpg' → 'ab12_thumb.jpg' (upload_to puts it in the same folder)."""
    base, _ext = posixpath.splitext(posixpath.basename(original_name))
    return f"{base}_thumb.jpg"


def make_thumbnail(cleaned, *, side: int = THUMB_SIDE) -> Thumbnail:
    cleaned.seek(0)
    with Image.open(cleaned) as image:
        image = image.convert("RGBA") if image.mode in ("LA", "P", "PA") else image
        if image.mode == "RGBA":
            # JPEG has no transparency: flatten onto white, as the pages' cards are.
            flat = Image.new("RGB", image.size, (255, 255, 255))
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        elif image.mode != "RGB":
            image = image.convert("RGB")
        image.thumbnail((side, side), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        width, height = image.size
    cleaned.seek(0)
    return Thumbnail(ContentFile(out.getvalue(), name=thumbnail_name(cleaned.name)), width, height)


def small_copy(stored, *, side: int, keep: bool) -> bytes:
    """A JPEG of `stored` at most `side` px, made the first time it is asked for. A public
    picture's copy is kept in the cache for a day, keyed by the stored name (an upload never
    reuses one, so a new picture is a new key); one seen only by its owner and staff (`keep`
    false) is made each time and kept nowhere. OSError when the file is gone."""
    key = f"thumbnails:{side}:{stored.name}"
    data = cache.get(key) if keep else None
    if data is None:
        with stored.open("rb") as handle:
            data = make_thumbnail(handle, side=side).content.read()
        if keep:
            cache.set(key, data, KEPT_SECONDS)
    return data
