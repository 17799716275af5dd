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
