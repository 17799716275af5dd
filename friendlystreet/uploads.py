"""Uploaded photos: accept images only, and store a clean re-encoded copy.

Every app that takes a photo from a user (venue photos, compound tips, claim
evidence, governance reports) runs it through `clean_image()` before saving:

    from friendlystreet.uploads import clean_image

    photo = clean_image(form.cleaned_data["photo"])   # ValidationError on bad input
    tip.photo.save(photo.name, photo, save=False)

Why each step:
- The file's *content* decides whether it is an image (Pillow must decode it); the
  name and the browser's content type are the client's word and are ignored.
- Size is checked before anything is read, pixels before anything is decoded: a
  small PNG can declare 20000x20000 pixels and take gigabytes to decode (a
  decompression bomb). Both give a clear ValidationError, never a 500.
- The image is re-encoded from its pixels, so nothing but pixels survives: EXIF
  (GPS position, phone model, time), XMP, JPEG comments, PNG text chunks, the ICC
  colour profile and any payload appended to the file are dropped. The EXIF
  orientation is applied first so photos stay upright, and pixels described by an
  ICC profile are converted to sRGB first so their colours stay right (a profile
  is free-form data: one carried a GPS position out in its description).
- The stored name is random: the original name can carry personal data.

Limits come from settings when present (`UPLOAD_IMAGE_MAX_BYTES`,
`UPLOAD_IMAGE_MAX_PIXELS`, `UPLOAD_IMAGE_MAX_SIDE`) or from the defaults below,
and can be overridden per call.
"""

from __future__ import annotations

import io
import logging
import secrets
import warnings
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 8 * 1024 * 1024  # a phone photo is 2-6 MB
DEFAULT_MAX_PIXELS = 40_000_000  # about 8000x5000: more than any phone camera
DEFAULT_MAX_SIDE = 2560  # stored photos are downscaled to this; enough for a screen
ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})  # what phones send; nothing animated
# A file input's `accept`: the picker offers what clean_image() takes (image/* offered HEIC and GIF).
IMAGE_ACCEPT = ",".join(f"image/{name.lower()}" for name in sorted(ALLOWED_FORMATS))
JPEG_QUALITY = 85


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_image_bytes() -> int:
    """The size a photo may have: what clean_image() refuses above, for forms and APIs to say."""
    return _setting("UPLOAD_IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES)


TOO_LARGE = _("This file is too large (at most %(max)s).")
TOO_MANY = _("Attach at most %(max)s photos.")


def size_check_attrs(max_files: int | None = None) -> dict[str, str]:
    """The attributes of a photo's file input that let static/js/uploads.js refuse a file over
    the limit (and, given `max_files`, more files than the form takes) as soon as they are
    chosen, instead of after a long upload on mobile data: the limits the server applies
    (clean_image()'s setting, read here, not written again in the page; clean_photos()'s count)
    and the server's own words for them, in the active language. The server still checks."""
    limit = max_image_bytes()
    attrs = {"data-max-bytes": str(limit), "data-too-large": str(TOO_LARGE) % {"max": filesizeformat(limit)}}
    if max_files:
        attrs |= {"data-max-files": str(max_files), "data-too-many": str(TOO_MANY) % {"max": max_files}}
    return attrs


def _size_of(uploaded_file: Any) -> int | None:
    size = getattr(uploaded_file, "size", None)
    if size is not None:
        return int(size)
    try:
        pos = uploaded_file.tell()
        uploaded_file.seek(0, io.SEEK_END)
        end = uploaded_file.tell()
        uploaded_file.seek(pos)
        return int(end)
    except (AttributeError, OSError):
        return None


# The limit in each language's own unit: English counts megapixels (40), Chinese counts 万
# (ten thousand: 4000 万像素), not 百万. Both numbers are passed and each translation uses its
# own, hence no python-format check (it would make the Chinese name the megapixels too).
# xgettext:no-python-format
TOO_MANY_PIXELS = _("This image has too many pixels (at most %(megapixels)s megapixels).")


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def pixel_limit(max_pixels: int) -> dict[str, str]:
    """The parameters of TOO_MANY_PIXELS: 40_000_000 → megapixels "40", ten_thousands "4000"."""
    return {"megapixels": _number(max_pixels / 1_000_000), "ten_thousands": _number(max_pixels / 10_000)}


def _open(fp: IO[bytes], max_pixels: int) -> Image.Image:
    """Open (headers only) and check the format and the declared pixel count."""
    # Pillow warns at MAX_IMAGE_PIXELS and raises at twice that; we apply our own,
    # lower cap below, so its warning (an error under our test settings) is noise.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(fp)
        except Image.DecompressionBombError:
            raise ValidationError(TOO_MANY_PIXELS, code="image_too_many_pixels", params=pixel_limit(max_pixels))
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ValidationError(
                _("This file is not an image we can read. Upload a JPEG, PNG or WebP photo."),
                code="not_an_image",
            )
    if image.format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("This file is not an image we can read. Upload a JPEG, PNG or WebP photo."),
            code="not_an_image",
        )
    width, height = image.size
    if width < 1 or height < 1 or width * height > max_pixels:
        raise ValidationError(TOO_MANY_PIXELS, code="image_too_many_pixels", params=pixel_limit(max_pixels))
    return image


def clean_image(
    uploaded_file: Any,
    *,
    max_bytes: int | None = None,
    max_pixels: int | None = None,
    max_side: int | None = None,
) -> ContentFile:
    """Validate an uploaded image by its content and return a re-encoded copy.

    Returns a `ContentFile` named `<random>.jpg` (or `.png` when the image has
    transparency) holding only the pixels, in sRGB: no EXIF, XMP, comment, text
    chunk or colour profile. Raises
    `django.core.exceptions.ValidationError` with a translated message and a code
    (`image_too_large`, `not_an_image`, `image_too_many_pixels`) on bad input.
    """
    max_bytes = max_bytes or max_image_bytes()
    max_pixels = max_pixels or _setting("UPLOAD_IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS)
    max_side = max_side or _setting("UPLOAD_IMAGE_MAX_SIDE", DEFAULT_MAX_SIDE)

    if uploaded_file is None:
        raise ValidationError(_("No file was uploaded."), code="required")
    size = _size_of(uploaded_file)
    if size is None or size > max_bytes:
        raise ValidationError(
            TOO_LARGE,
            code="image_too_large",
            params={"max": filesizeformat(max_bytes)},
        )
    if size == 0:
        raise ValidationError(
            _("This file is not an image we can read. Upload a JPEG, PNG or WebP photo."),
            code="not_an_image",
        )

    # Read at most max_bytes + 1 into memory: `size` is the client's claim for some
    # file objects, so do not trust it alone.
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            TOO_LARGE,
            code="image_too_large",
            params={"max": filesizeformat(max_bytes)},
        )

    # First pass: headers and structure only (verify() reads the file without decoding pixels).
    image = _open(io.BytesIO(data), max_pixels)
    try:
        image.verify()
    except Exception:  # noqa: BLE001 - Pillow raises many types for corrupt files
        raise ValidationError(
            _("This image is damaged and cannot be read."),
            code="not_an_image",
        )

    # Second pass: decode the pixels (verify() leaves the image unusable).
    image = _open(io.BytesIO(data), max_pixels)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image.seek(0)  # the first frame of an animation
            image.load()
            image = ImageOps.exif_transpose(image)
    except Exception:  # noqa: BLE001 - truncated or malformed pixel data
        raise ValidationError(
            _("This image is damaged and cannot be read."),
            code="not_an_image",
        )

    if max(image.size) > max_side:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)

    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    pixels = _to_srgb(image, has_alpha=has_alpha)
    # Only the pixels go to the encoder: Pillow's JPEG and PNG writers fall back to the
    # source's info for the comment and the ICC profile, so the info is emptied, and no
    # exif=, xmp=, icc_profile=, comment= or pnginfo= is passed.
    pixels.info = {}
    out = io.BytesIO()
    if has_alpha:
        pixels.save(out, format="PNG", optimize=True)
        ext = "png"
    else:
        pixels.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        ext = "jpg"
    return ContentFile(out.getvalue(), name=f"{secrets.token_hex(16)}.{ext}")


# The colour space an ICC profile describes → the mode its pixels must be in for it.
_PROFILE_MODES = {"RGB": "RGB", "GRAY": "L", "CMYK": "CMYK"}
_GRAY_MODES = frozenset({"1", "L", "LA", "I", "I;16", "F"})
_SRGB = ImageCms.createProfile("sRGB")


def _to_srgb(image: Image.Image, *, has_alpha: bool) -> Image.Image:
    """The pixels as sRGB ("RGB", or "RGBA" with transparency), which is what a browser
    assumes of an image without a profile.

    When the upload carries an ICC profile, its pixels are converted from that profile
    (a wide-gamut phone photo would look dull otherwise, a CMYK one wrong). A profile we
    cannot use (damaged, or for another colour space than the pixels) is ignored, as a
    browser would ignore it: the pixels are kept as they are.
    """
    out_mode = "RGBA" if has_alpha else "RGB"
    icc_profile = image.info.get("icc_profile")
    if not icc_profile:
        return image.convert(out_mode)
    alpha = image.convert("RGBA").getchannel("A") if has_alpha else None
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        space = source.profile.xcolor_space.strip()
        pixel_space = "CMYK" if image.mode == "CMYK" else "GRAY" if image.mode in _GRAY_MODES else "RGB"
        if space != pixel_space:  # a profile for other pixels than these: browsers ignore it too
            return image.convert(out_mode)
        in_mode = _PROFILE_MODES[space]
        converted = ImageCms.profileToProfile(
            image.convert(in_mode),
            source,
            _SRGB,
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
            outputMode="RGB",
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image.convert(out_mode)
    if converted is None:  # only with inPlace=True; keeps the type checker honest
        return image.convert(out_mode)
    if alpha is not None:
        converted.putalpha(alpha)
    return converted


def clean_photos(photos: Any, *, max_count: int, field: str = "photos") -> list[tuple[Any, str]]:
    """Validate and re-encode a batch of photos before any row is written (slow: keep it outside
    the transaction). Returns (clean file, content type) pairs; ValidationError({field: ...})
    on too many files or on any that is not a photo. Claims and reports alike."""
    photos = list(photos or ())
    if len(photos) > max_count:
        raise ValidationError({field: str(TOO_MANY) % {"max": max_count}})
    cleaned = []
    for upload in photos:
        try:
            content = clean_image(upload)
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from None
        cleaned.append((content, content_type_of(content)))
    return cleaned


def content_type_of(content: Any) -> str:
    """The type of a cleaned image (clean_image writes JPEG, PNG or WebP), from its first bytes."""
    head = content.read(16)
    content.seek(0)
    if head.startswith(b"\x89PNG"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return "image/jpeg"


def delete_files(names: list[str]) -> None:
    """Remove files stored before their transaction rolled back (nothing half-written stays)."""
    from django.core.files.storage import default_storage

    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            log.warning("could not delete orphaned upload %s", name)


def file_response(
    field_file: Any,
    *,
    cache_control: str,
    content_type: str | None = None,
    filename: str | None = None,
    attachment: bool = False,
    streaming: bool = False,
) -> Any:
    """A stored private file as a response; 404 when it is missing. Permission checks stay in the view.

    Photos (small once re-encoded) are read whole, so the file is closed before the response
    leaves; without `content_type` their type is read from their first bytes. Exports
    (`streaming=True`) are sent in chunks from a file opened only while sending."""
    from django.http import Http404, HttpResponse, StreamingHttpResponse
    from django.utils.http import content_disposition_header

    if streaming:
        storage, name = field_file.storage, field_file.name
        if not storage.exists(name):
            raise Http404
        response: Any = StreamingHttpResponse(_chunks(storage, name), content_type=content_type)
        response["Content-Length"] = str(storage.size(name))
    else:
        try:
            with field_file.open("rb") as handle:
                data = handle.read()
        except OSError:
            raise Http404 from None
        response = HttpResponse(data, content_type=content_type or content_type_of(io.BytesIO(data[:16])))
    response["Cache-Control"] = cache_control
    if filename:
        response["Content-Disposition"] = content_disposition_header(as_attachment=attachment, filename=filename)
    return response


def _chunks(storage: Any, name: str, size: int = 64 * 1024):
    # Opened when the server starts sending, and closed when done or abandoned: a response
    # that is never read (a client that hangs up first) leaves no file open.
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(size):
            yield chunk
