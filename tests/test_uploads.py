"""Uploaded photos: only real images are stored, without their metadata."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from friendlystreet.uploads import clean_image

GPS_IFD = 0x8825


def jpeg_with_gps(size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0132] = "2026:01:02 03:04:05"  # DateTime
    # GPS: 30.65 N, 104.10 E (Chenglong Road) as rationals.
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (30.0, 39.0, 0.0), 3: "E", 4: (104.0, 6.0, 0.0)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that *declares* width x height pixels (a decompression bomb's header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def upload(name: str, data: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_a_jpeg_with_gps_exif_is_stored_without_it():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the fixture has GPS

    cleaned = clean_image(upload("IMG_0001 张三 home.jpg", original))

    stored = Image.open(io.BytesIO(cleaned.read()))
    assert stored.format == "JPEG"
    assert stored.size == (64, 48)
    assert len(stored.getexif()) == 0
    assert "exif" not in stored.info
    assert cleaned.name.endswith(".jpg")
    assert "张三" not in cleaned.name and "IMG_0001" not in cleaned.name


def test_exif_orientation_is_applied_before_it_is_dropped():
    image = Image.new("RGB", (60, 20), (0, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)

    stored = Image.open(io.BytesIO(clean_image(upload("p.jpg", out.getvalue())).read()))

    assert stored.size == (20, 60)


def test_a_text_file_renamed_jpg_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        clean_image(upload("photo.jpg", b"this is not an image, only text pretending to be one\n" * 10))
    assert excinfo.value.code == "not_an_image"


def test_an_image_with_a_script_appended_is_stored_as_pixels_only():
    payload = jpeg_with_gps() + b"<script>alert(1)</script>"

    cleaned = clean_image(upload("p.jpg", payload)).read()

    assert b"<script>" not in cleaned


def test_a_20000_by_20000_png_bomb_is_refused_with_a_clear_error():
    bomb = png_header_only(20000, 20000)
    assert len(bomb) < 200  # tiny on disk, 1.2 GB once decoded

    with pytest.raises(ValidationError) as excinfo:
        clean_image(upload("bomb.png", bomb, "image/png"))

    assert excinfo.value.code == "image_too_many_pixels"
    assert "40" in excinfo.value.messages[0]  # the message names the limit


def test_an_image_over_our_own_pixel_cap_is_refused_even_below_pillows():
    with pytest.raises(ValidationError) as excinfo:
        clean_image(upload("big.png", png_header_only(9000, 9000), "image/png"))
    assert excinfo.value.code == "image_too_many_pixels"


def test_an_oversized_file_is_refused_before_it_is_read():
    big = upload("huge.jpg", b"\xff\xd8" + b"\x00" * (2 * 1024 * 1024))

    with pytest.raises(ValidationError) as excinfo:
        clean_image(big, max_bytes=1024 * 1024)

    assert excinfo.value.code == "image_too_large"


def test_a_truncated_jpeg_is_refused():
    data = jpeg_with_gps(size=(400, 300))
    with pytest.raises(ValidationError) as excinfo:
        clean_image(upload("cut.jpg", data[: len(data) // 2]))
    assert excinfo.value.code == "not_an_image"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        clean_image(upload("empty.jpg", b""))
    assert excinfo.value.code == "not_an_image"


def test_a_transparent_png_stays_a_png_and_large_photos_are_downscaled():
    image = Image.new("RGBA", (3000, 1000), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")

    cleaned = clean_image(upload("logo.png", out.getvalue(), "image/png"), max_side=1500)

    stored = Image.open(io.BytesIO(cleaned.read()))
    assert stored.format == "PNG"
    assert stored.size == (1500, 500)
    assert cleaned.name.endswith(".png")


def test_a_svg_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(ValidationError) as excinfo:
        clean_image(upload("x.jpg", svg, "image/svg+xml"))
    assert excinfo.value.code == "not_an_image"


def test_a_gif_is_refused_only_jpeg_png_and_webp_are_accepted():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="GIF")
    with pytest.raises(ValidationError) as excinfo:
        clean_image(upload("anim.gif", buffer.getvalue(), "image/gif"))
    assert excinfo.value.code == "not_an_image"


# --- metadata: only pixels are kept ---------------------------------------------------------
#
# Each payload below is a 64x48 picture, red on the left half and blue on the right, that
# carries personal data in one kind of metadata block. Whatever the path (clean_image()
# itself, a claim photo, a tip photo, a reward image), the stored file must hold none of
# the marker strings and no metadata block, and still show the same picture.

COMMENT = "GPS 30.6,104.1 secret"
ICC_SECRET = "ICC GPS 30.65,104.10 home"
XMP_SECRET = "XMP GPS 30.6512,104.0998 secret"
TEXT_SECRET = "tEXt GPS 30.6,104.1 secret"
ITXT_SECRET = "iTXt 张三 30.6,104.1"
ZTXT_SECRET = "zTXt GPS 30.6,104.1 secret"
EXIF_SECRET = "PhoneMaker"
MARKERS = [COMMENT, ICC_SECRET, XMP_SECRET, TEXT_SECRET, ITXT_SECRET, ZTXT_SECRET, EXIF_SECRET]
RED, BLUE = (220, 30, 30), (30, 30, 220)


def two_colour_picture(mode: str = "RGB") -> Image.Image:
    image = Image.new("RGB", (64, 48), BLUE)
    image.paste(RED, (0, 0, 32, 48))
    if mode == "RGBA":
        image = image.convert("RGBA")
        image.putalpha(200)  # partly transparent: stored as a PNG
    return image


def icc_profile(description: str, *, swap_red_and_blue: bool = False) -> bytes:
    """A working sRGB profile whose description says `description` (ICC v4 'mluc' text).

    With swap_red_and_blue, the red and blue primaries are exchanged: pixel (255, 0, 0)
    in this profile is sRGB blue, so a copy that ignored the profile would show the
    wrong colour."""
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    text = description.encode("utf-16-be")
    mluc = b"mluc" + b"\0" * 4 + struct.pack(">II", 1, 12) + b"enUS" + struct.pack(">II", len(text), 28) + text
    data += b"\0" * (-len(data) % 4)
    offset = len(data)
    data += mluc
    (count,) = struct.unpack(">I", data[128:132])
    tags = {bytes(data[132 + 12 * i : 136 + 12 * i]): 132 + 12 * i for i in range(count)}
    struct.pack_into(">4sII", data, tags[b"desc"], b"desc", offset, len(mluc))
    if swap_red_and_blue:
        red, blue = tags[b"rXYZ"] + 4, tags[b"bXYZ"] + 4
        data[red : red + 8], data[blue : blue + 8] = data[blue : blue + 8], data[red : red + 8]
    struct.pack_into(">I", data, 0, len(data))  # the profile's size
    data[84:100] = b"\0" * 16  # no profile ID (an MD5 of the old content)
    return bytes(data)


def exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = EXIF_SECRET  # Make
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (30.0, 39.0, 0.0), 3: "E", 4: (104.0, 6.0, 0.0)})
    return exif


def xmp_packet() -> bytes:
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:description="{XMP_SECRET}"/>'
        "</rdf:RDF></x:xmpmeta>"
    ).encode()


def encoded(image: Image.Image, fmt: str, **save_kwargs) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **save_kwargs)
    return out.getvalue()


def jpeg_with_comment() -> bytes:
    return encoded(two_colour_picture(), "JPEG", quality=95, comment=COMMENT.encode())


def jpeg_with_exif_gps() -> bytes:
    return encoded(two_colour_picture(), "JPEG", quality=95, exif=exif_with_gps())


def jpeg_with_icc_profile() -> bytes:
    return encoded(two_colour_picture(), "JPEG", quality=95, icc_profile=icc_profile(ICC_SECRET))


def jpeg_with_xmp() -> bytes:
    return encoded(two_colour_picture(), "JPEG", quality=95, xmp=xmp_packet())


def webp_with_xmp_exif_and_icc() -> bytes:
    return encoded(
        two_colour_picture(),
        "WEBP",
        lossless=True,
        xmp=xmp_packet(),
        exif=exif_with_gps(),
        icc_profile=icc_profile(ICC_SECRET),
    )


def png_with_text_chunks() -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", TEXT_SECRET)  # tEXt
    info.add_itxt("Description", ITXT_SECRET, lang="zh", tkey="描述")  # iTXt
    info.add_text("Location", ZTXT_SECRET, zip=True)  # zTXt
    info.add_text("XML:com.adobe.xmp", xmp_packet().decode())
    return encoded(two_colour_picture("RGBA"), "PNG", pnginfo=info, exif=exif_with_gps(), icc_profile=icc_profile(ICC_SECRET))


PAYLOADS = {
    "jpeg-comment": (jpeg_with_comment, "image/jpeg", [b"\xff\xfe"]),
    "jpeg-exif-gps": (jpeg_with_exif_gps, "image/jpeg", [b"Exif\0\0"]),
    "jpeg-icc-description": (jpeg_with_icc_profile, "image/jpeg", [b"ICC_PROFILE"]),
    "jpeg-xmp": (jpeg_with_xmp, "image/jpeg", [b"http://ns.adobe.com/xap/1.0/"]),
    "webp-xmp-exif-icc": (webp_with_xmp_exif_and_icc, "image/webp", [b"XMP ", b"EXIF", b"ICCP"]),
    "png-text-itxt-ztxt": (png_with_text_chunks, "image/png", [b"tEXt", b"iTXt", b"zTXt", b"iCCP", b"eXIf"]),
}


def jpeg_segments(data: bytes) -> list[int]:
    """The markers of a JPEG's header segments, up to the start of the scan."""
    assert data[:2] == b"\xff\xd8"
    markers, pos = [], 2
    while pos < len(data):
        assert data[pos] == 0xFF
        marker = data[pos + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            break
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        pos += 2 + length
    return markers


def png_chunks(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        chunks.append(data[pos + 4 : pos + 8])
        pos += 12 + length
    return chunks


# SOI-to-SOS segments a pixels-only JPEG needs: JFIF header (APP0), quantisation and
# Huffman tables, frame header (baseline or progressive), restart interval, scan.
PIXEL_SEGMENTS = {0xE0, 0xDB, 0xC4, 0xC0, 0xC1, 0xC2, 0xDD, 0xDA}
PIXEL_CHUNKS = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}


def assert_only_pixels(stored: bytes) -> None:
    for marker in MARKERS:
        assert marker.encode() not in stored, marker
        assert marker.encode("utf-16-be") not in stored, marker  # ICC text is UTF-16
    for block in (b"Exif", b"ICC_PROFILE", b"adobe:ns:meta", b"http://ns.adobe.com/xap"):
        assert block not in stored, block
    image = Image.open(io.BytesIO(stored))
    if image.format == "JPEG":
        assert set(jpeg_segments(stored)) <= PIXEL_SEGMENTS, [hex(m) for m in jpeg_segments(stored)]
    else:
        assert image.format == "PNG"
        assert set(png_chunks(stored)) <= PIXEL_CHUNKS, png_chunks(stored)
    assert not image.getexif()
    assert not {"icc_profile", "exif", "xmp", "comment", "XML:com.adobe.xmp"} & set(image.info)
    assert not getattr(image, "text", {})  # PNG text chunks, as Pillow reads them


def close_to(pixel, expected, tolerance: int = 12) -> bool:
    """JPEG is lossy: a colour comes back within a few levels of what was sent."""
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], expected, strict=True))


def assert_same_picture(stored: bytes) -> None:
    image = Image.open(io.BytesIO(stored)).convert("RGB")
    assert image.size == (64, 48)
    for (x, y), expected in (((8, 24), RED), ((56, 24), BLUE)):
        assert close_to(image.getpixel((x, y)), expected), (image.getpixel((x, y)), expected)


@pytest.mark.parametrize("kind", PAYLOADS)
def test_the_payload_really_carries_its_metadata(kind):
    build, _content_type, blocks = PAYLOADS[kind]
    data = build()
    for block in blocks:
        assert block in data, block  # otherwise the tests below would prove nothing


@pytest.mark.parametrize("kind", PAYLOADS)
def test_clean_image_keeps_the_pixels_and_nothing_else(kind):
    build, content_type, _blocks = PAYLOADS[kind]

    stored = clean_image(upload("IMG_0001.x", build(), content_type)).read()

    assert_only_pixels(stored)
    assert_same_picture(stored)
    image = Image.open(io.BytesIO(stored))
    assert image.mode == ("RGBA" if kind.startswith("png") else "RGB")
    if image.mode == "RGBA":
        assert image.getpixel((8, 24))[3] == 200  # transparency kept


def test_pixels_are_converted_to_srgb_before_the_colour_profile_is_dropped():
    # Pure red under a profile whose red primary is sRGB's blue: the picture is blue.
    picture = Image.new("RGB", (16, 16), (255, 0, 0))
    data = encoded(picture, "JPEG", quality=95, icc_profile=icc_profile("swapped", swap_red_and_blue=True))

    stored = Image.open(io.BytesIO(clean_image(upload("p.jpg", data)).read()))

    r, g, b = stored.getpixel((8, 8))
    assert b > 200 and r < 40 and g < 40, (r, g, b)
    assert "icc_profile" not in stored.info


def test_a_damaged_colour_profile_is_dropped_and_the_picture_kept():
    picture = Image.new("RGB", (16, 16), RED)
    data = encoded(picture, "JPEG", quality=95, icc_profile=b"not a profile " + COMMENT.encode() * 10)

    stored = clean_image(upload("p.jpg", data)).read()

    assert COMMENT.encode() not in stored and b"ICC_PROFILE" not in stored
    assert close_to(Image.open(io.BytesIO(stored)).getpixel((8, 8)), RED)


def test_orientation_is_still_applied_when_other_metadata_is_dropped():
    exif = exif_with_gps()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    data = encoded(Image.new("RGB", (60, 20), RED), "JPEG", exif=exif, comment=COMMENT.encode())

    stored = clean_image(upload("p.jpg", data)).read()

    assert Image.open(io.BytesIO(stored)).size == (20, 60)
    assert_only_pixels(stored)


# --- the same through the real upload paths ------------------------------------------------


def upload_claim_photo(data: bytes, content_type: str, *, rider, api_for, **_) -> bytes:
    from datetime import timedelta

    from django.utils import timezone

    from points.models import ClaimPhoto, Rule
    from tests.points.factories import RuleFactory

    rule = RuleFactory(name="拾金不昧", points=50, evidence=Rule.Evidence.PHOTO)
    response = api_for(rider).post(
        "/api/v1/claims/",
        {
            "rule": rule.pk,
            "occurred_at": (timezone.now() - timedelta(hours=1)).isoformat(),
            "photos": [upload("IMG_0001.jpg", data, content_type)],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    with ClaimPhoto.objects.get().image.open("rb") as f:
        return f.read()


def upload_tip_photo(data: bytes, content_type: str, *, rider, api_for, **_) -> bytes:
    from tests.venues.factories import CompoundFactory
    from venues.models import Tip

    compound = CompoundFactory()
    response = api_for(rider).post(
        f"/api/v1/compounds/{compound.id}/tips/",
        {"text": "门在这里", "photo": upload("gate.jpg", data, content_type)},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    with Tip.objects.get().photo.open("rb") as f:
        return f.read()


def upload_reward_image(data: bytes, content_type: str, *, street_admin, client_for, **_) -> bytes:
    from points.models import Reward
    from tests.venues.factories import VenueFactory
    from venues.models import VenueKind

    venue = VenueFactory(name="王师傅理发店", kind=VenueKind.MERCHANT)
    response = client_for(street_admin).post(
        "/staff/rewards/new/",
        {
            "venue": venue.pk,
            "title": "护理包",
            "description": "",
            "cost": 40,
            "valid_days": 30,
            "active": "on",
            "image": upload("reward.jpg", data, content_type),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with Reward.objects.get().image.open("rb") as f:
        return f.read()


UPLOAD_PATHS = {
    "claim-photo": upload_claim_photo,
    "tip-photo": upload_tip_photo,
    "reward-image": upload_reward_image,
}


@pytest.mark.django_db
@pytest.mark.parametrize("path", UPLOAD_PATHS)
@pytest.mark.parametrize("kind", PAYLOADS)
def test_a_stored_photo_holds_only_its_pixels(kind, path, rider, street_admin, api_for, client_for):
    build, content_type, _blocks = PAYLOADS[kind]

    personas = {"rider": rider, "street_admin": street_admin, "api_for": api_for, "client_for": client_for}
    stored = UPLOAD_PATHS[path](build(), content_type, **personas)

    assert_only_pixels(stored)
    assert_same_picture(stored)


# --- the pixel limit in each language's own unit ------------------------------------------------


@pytest.mark.django_db
def test_a_rider_is_told_the_pixel_limit_in_chinese_units_and_in_english(client_for, api_for, rider):
    """Chinese counts large numbers in 万: 最多 4000 万像素, not 最多 40 百万像素; English keeps
    megapixels. The rider sends a photo that declares 20000 x 20000 pixels with a compound tip."""
    from tests.venues.factories import CompoundFactory

    compound = CompoundFactory()
    bomb = png_header_only(20000, 20000)

    page = client_for(rider).post(
        f"/compounds/{compound.pk}/tips/",
        {"text": "北门晚上十点后刷脸进", "photo": upload("gate.png", bomb, "image/png")},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert page.status_code == 400
    assert page.context["tip_form"].errors["photo"][0] == "图片像素过多（最多 4000 万像素）。"

    answer = api_for(rider).post(
        f"/api/v1/compounds/{compound.pk}/tips/",
        {"text": "North gate: face scan after 22:00", "photo": upload("gate.png", bomb, "image/png")},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 400
    assert answer.json()["fields"]["photo"] == ["This image has too many pixels (at most 40 megapixels)."]


def test_a_limit_set_in_the_settings_reads_in_both_units(settings):
    settings.UPLOAD_IMAGE_MAX_PIXELS = 12_500_000
    with pytest.raises(ValidationError) as excinfo:
        clean_image(upload("big.png", png_header_only(5000, 5000), "image/png"))
    error = excinfo.value.error_list[0]
    from django.utils import translation

    with translation.override("zh-hans"):
        assert str(error.message % error.params) == "图片像素过多（最多 1250 万像素）。"
    with translation.override("en"):
        assert str(error.message % error.params) == "This image has too many pixels (at most 12.5 megapixels)."
