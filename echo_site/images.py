"""Pictures under content/files/ made fit to publish, with Pillow.

A phone photo is 4032×3024 pixels and 6 MB, turned by an EXIF tag rather than in its pixels,
and carries where it was taken. Pages show each picture in a few widths (never wider than it
is), as WebP and in its own format, turned upright, in sRGB, with nothing the camera wrote.
Portraits are cut square from the middle. The original stays published under files/ as it is.

`inspect_image` reads what the model needs (size, format, digest) from a file's header, without
decoding its pixels; `variant_bytes` makes one size in one format, in a render worker.
"""

from __future__ import annotations

import hashlib
import io
import math
import warnings
from pathlib import Path

from PIL import ExifTags, Image, ImageOps

from .errors import BuildFailed, Problem
from .model import ImageInfo

WIDTHS = (400, 800, 1200, 1600)  # of pictures in pages
PORTRAIT_SIDES = (96, 192, 384)  # of people's photos, shown 96 pixels wide
PROCESSED = frozenset({"JPEG", "PNG", "WEBP"})  # others (GIF, animations) are shown as they are
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
SUFFIXES = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
_TURNED = frozenset({5, 6, 7, 8})  # EXIF orientations that swap width and height
_JPEG_QUALITY = 82
_WEBP_QUALITY = 80


def inspect_image(path: str, file: Path) -> ImageInfo | None:
    """What a picture is, from its header; None when Pillow cannot read it as a picture."""
    data = file.read_bytes()
    try:
        with warnings.catch_warnings():
            # A picture of more than 89 million pixels is refused rather than decoded.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                kind = image.format or ""
                orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
                animated = bool(getattr(image, "is_animated", False))
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Warning):
        return None
    if orientation in _TURNED:
        width, height = height, width
    return ImageInfo(
        path,
        str(file),
        width,
        height,
        f"{kind} (animated)" if animated else kind,
        hashlib.sha256(data).hexdigest(),
    )


def variant_sizes(info: ImageInfo, square: bool) -> list[tuple[int, int]]:
    """The sizes pages show a picture in: the steps below its own size, and its own size
    (or the largest step); a portrait is cut square first. Never larger than the original."""
    if square:
        side = min(info.width, info.height)
        return [(s, s) for s in _steps(side, PORTRAIT_SIDES)]
    return [(w, max(1, round(info.height * w / info.width))) for w in _steps(info.width, WIDTHS)]


def _steps(size: int, steps: tuple[int, ...]) -> list[int]:
    return [s for s in steps if s < min(size, steps[-1])] + [min(size, steps[-1])]


def variant_name(info: ImageInfo, width: int, height: int, kind: str, square: bool) -> str:
    """Where a variant is published: under assets/, named by what it is made of, so that it
    can be kept by browsers for a year (see hosting.py) and changes name when it changes."""
    stem = info.path.removeprefix("files/").rpartition(".")[0]
    made_of = f"{info.digest}\0{width}\0{height}\0{kind}\0{square}"
    digest = hashlib.sha256(made_of.encode()).hexdigest()[:10]
    return f"assets/img/{stem}-{width}{'sq' if square else 'w'}.{digest}.{SUFFIXES[kind]}"


class Decoded:
    """The picture last decoded in this process, at the scale last asked for: its WebP and its
    own format are made one after the other, from one decoding."""

    def __init__(self) -> None:
        self.key: tuple[str, int, int, bool] | None = None
        self.image: Image.Image | None = None
        self.icc: bytes | None = None


def variant_bytes(
    info: ImageInfo,
    width: int,
    height: int,
    kind: str,
    square: bool,
    decoded: Decoded | None = None,
) -> bytes:
    """One size of a picture in one format ("JPEG", "PNG", "WEBP"): upright, sRGB, no metadata."""
    decoded = decoded or Decoded()
    key = (info.digest, width, height, square)
    if decoded.key != key or decoded.image is None:
        decoded.image, decoded.icc = _upright(info, width, height, square)
        decoded.key = key
    upright, icc = decoded.image, decoded.icc
    resized = upright.resize((width, height), Image.Resampling.LANCZOS)
    result = _srgb(resized, icc) if icc else resized
    result.info.clear()  # no EXIF, no colour profile, no text: nothing but the pixels
    out = io.BytesIO()
    if kind == "JPEG":
        result.convert("RGB").save(
            out, "JPEG", quality=_JPEG_QUALITY, optimize=True, progressive=True
        )
    elif kind == "PNG":
        result.save(out, "PNG", optimize=False, compress_level=9)
    else:
        # A PNG is drawn, not photographed (diagrams, screenshots): keep every pixel of it.
        lossless = info.format == "PNG"
        result.save(out, "WEBP", quality=_WEBP_QUALITY, method=4, lossless=lossless)
    return out.getvalue()


def _upright(
    info: ImageInfo, width: int, height: int, square: bool
) -> tuple[Image.Image, bytes | None]:
    """The picture decoded at no less than twice the size wanted, upright, cut square for a
    portrait, in a plain mode; and its colour profile."""
    data = Path(info.file).read_bytes()
    if hashlib.sha256(data).hexdigest() != info.digest:
        raise BuildFailed(
            [
                Problem(
                    "content/" + info.path,
                    1,
                    1,
                    "this picture changed while the site was being built",
                    "build again once it is saved",
                )
            ]
        )
    with Image.open(io.BytesIO(data)) as image:
        orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
        if image.format == "JPEG":
            # Decode at a fraction of the size (1/2, 1/4, 1/8) where that still leaves twice
            # the pixels needed: most of the time of a large photo is spent decoding it.
            scale = max(width / info.width, height / info.height)
            if square:
                scale = width / min(info.width, info.height)
            stored = (info.width, info.height)
            if orientation in _TURNED:
                stored = (info.height, info.width)
            image.draft("RGB", (math.ceil(stored[0] * scale * 2), math.ceil(stored[1] * scale * 2)))
        upright = ImageOps.exif_transpose(image) if orientation != 1 else image.copy()
    icc = image.info.get("icc_profile")
    if square:
        side = min(upright.size)
        left, top = (upright.width - side) // 2, (upright.height - side) // 2
        upright = upright.crop((left, top, left + side, top + side))
    return _plain_mode(upright, bool(icc)), icc


def _plain_mode(image: Image.Image, profiled: bool) -> Image.Image:
    """RGB, with alpha when the picture has any (palettes, 16-bit and CMYK converted)."""
    if image.mode in ("RGB", "RGBA", "L") or (image.mode == "CMYK" and profiled):
        return image  # CMYK with its profile is converted with it, after resizing
    has_alpha = image.mode in ("LA", "PA", "RGBa", "La") or "transparency" in image.info
    return image.convert("RGBA" if has_alpha else "RGB")


def _srgb(image: Image.Image, icc: bytes) -> Image.Image:
    """Colours as the camera's profile (Display P3 on most phones) meant them, in sRGB."""
    try:
        from PIL import ImageCms

        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=mode
        )
    except (ImportError, OSError, ValueError, TypeError, ImageCms.PyCMSError):
        converted = None  # a profile Little CMS cannot read: the pixels as they are
    if converted is None:
        return image.convert("RGB") if image.mode == "CMYK" else image
    return converted
