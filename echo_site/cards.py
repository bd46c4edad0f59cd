"""Pictures the build draws: social cards for links to pages, QR codes for printed flyers.

A link to a course or a recording shared in a message or a post shows a card: the page's own
picture when it has one, otherwise one drawn here from its title, what it is and when, and the
site's name, in the theme's colours. A card is a PNG of a handful of colours (each text colour
in sixteen steps from the paper, so letters keep smooth edges): a fifth of the bytes of a full
colour PNG, made in a fraction of the time, and the same bytes from the same inputs.
"""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageChops, ImageColor, ImageDraw, ImageFont

from .views import CARD_SIZE, CardStyle, CardView, QrView

# Where Debian, Ubuntu and Fedora put DejaVu; without it, the font that comes with Pillow.
FONT_FOLDERS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu-sans-fonts"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/share/fonts/dejavu"),
)
MARGIN = 80
_STEPS = 16  # shades of each text colour between the paper and the colour itself
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def card_style(brand: str, folders: tuple[Path, ...] = FONT_FOLDERS) -> CardStyle:
    """The site's brand colour (site.yaml's primary colour, which the build has checked reads
    well on white) with the theme's paper and text colours, and the fonts found on this
    machine, with a digest of their bytes."""
    defaults = CardStyle()
    colours = {"paper": defaults.paper, "ink": defaults.ink}
    colours.update(muted=defaults.muted, accent=brand if _is_colour(brand) else defaults.accent)
    bold = regular = ""
    for folder in folders:
        if (folder / "DejaVuSans-Bold.ttf").is_file() and (folder / "DejaVuSans.ttf").is_file():
            bold, regular = str(folder / "DejaVuSans-Bold.ttf"), str(folder / "DejaVuSans.ttf")
            break
    digest = hashlib.sha256()
    for font in (bold, regular):
        if font:
            digest.update(Path(font).read_bytes())
    return CardStyle(
        colours["paper"],
        colours["ink"],
        colours["muted"],
        colours["accent"],
        bold,
        regular,
        digest.hexdigest() if bold else "",
    )


def _is_colour(text: str) -> bool:
    try:
        ImageColor.getrgb(text)
    except ValueError:
        return False
    return True


def social_card(view: CardView) -> bytes:
    """A 1200×630 PNG: a band of the accent colour, what the page is, its title, the site."""
    style = view.style
    width = CARD_SIZE[0]
    inner = width - 2 * MARGIN
    shades = _Shades(_frame(style, view.site_title).copy(), style)
    bold = style.bold_font
    title_font, lines = _fit_title(view.title, bold, inner)
    line_height = (
        round(title_font.size * 1.18) if isinstance(title_font, ImageFont.FreeTypeFont) else 40
    )
    kicker = _font(style.regular_font, 34)
    shades.text((MARGIN, 84), _shorten(view.line, kicker, inner), kicker, style.muted)
    top = 84 + 34 + 48
    for number, line in enumerate(lines):
        shades.text((MARGIN, top + number * line_height), line, title_font, style.ink, bold == "")
    return shades.png()


@lru_cache(maxsize=4)
def _frame(style: CardStyle, site_title: str) -> Image.Image:
    """What every card of a site shares: the accent band and rule, the site's name."""
    width, height = CARD_SIZE
    shades = _Shades(Image.new("L", CARD_SIZE, 0), style)
    band = shades.full(style.accent)
    draw = ImageDraw.Draw(shades.index)
    draw.rectangle((0, 0, width, 18), fill=band)
    draw.rectangle((MARGIN, height - 120, MARGIN + 96, height - 114), fill=band)
    site = _font(style.bold_font, 36)
    title = _shorten(site_title, site, width - 2 * MARGIN)
    shades.text((MARGIN, height - 96), title, site, style.accent)
    return shades.index


def qr_svg(view: QrView) -> bytes:
    """The page's address as a QR code, in SVG: sharp at any printed size."""
    import segno  # here: a build that makes no QR code need not load it

    code = segno.make(view.url, error="m", micro=False)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        border=4,
        dark="#000",
        light="#fff",
        xmldecl=False,
        omitsize=True,  # a viewBox only: the page gives its size
        svgclass=None,
        lineclass=None,
    )
    return out.getvalue()


class _Shades:
    """A picture of palette indexes: 0 is the paper; the accent, muted and ink colours have
    sixteen shades each, from nearly the paper to the colour itself."""

    def __init__(self, index: Image.Image, style: CardStyle) -> None:
        self.index = index
        self.style = style
        self.colours = (style.accent, style.muted, style.ink)

    def full(self, colour: str) -> int:
        """The index of the colour's full shade."""
        return self._first(colour) + _STEPS - 1

    def _first(self, colour: str) -> int:
        return 1 + self.colours.index(colour) * _STEPS

    def text(
        self, at: tuple[int, int], text: str, font: Font, colour: str, heavy: bool = False
    ) -> None:
        """Draw text in a colour, its edges in shades of it. Texts never overlap, so the higher
        index of each pixel is the text drawn there; only the text's own box is touched."""
        stroke = 1 if heavy else 0
        left, top, right, bottom = font.getbbox(text, stroke_width=stroke)
        box = (at[0] + int(left), at[1] + int(top), at[0] + int(right), at[1] + int(bottom))
        if box[2] <= box[0] or box[3] <= box[1]:
            return
        mask = Image.new("L", (box[2] - box[0], box[3] - box[1]), 0)
        offset = (at[0] - box[0], at[1] - box[1])
        ImageDraw.Draw(mask).text(offset, text, font=font, fill=255, stroke_width=stroke)
        shaded = mask.point(_shade_table(self._first(colour)))
        self.index.paste(ImageChops.lighter(self.index.crop(box), shaded), box)

    def png(self) -> bytes:
        background = ImageColor.getrgb(self.style.paper)[:3]
        palette = list(background)
        for colour in self.colours:
            rgb = ImageColor.getrgb(colour)[:3]
            for step in range(1, _STEPS + 1):
                palette.extend(
                    round(b + (c - b) * step / _STEPS) for b, c in zip(background, rgb, strict=True)
                )
        picture = self.index
        picture.putpalette(palette)  # the indexes become a palette picture, in place
        out = io.BytesIO()
        # The fastest compression: a card is mostly paper, and 25 KB either way.
        picture.save(out, "PNG", optimize=False, compress_level=1)
        return out.getvalue()


@lru_cache(maxsize=8)
def _shade_table(first: int) -> tuple[int, ...]:
    """Coverage 0–255 of a text pixel to the index of its shade (0: the paper)."""
    return (0, *(first + min(_STEPS - 1, v * _STEPS // 256) for v in range(1, 256)))


def _fit_title(title: str, font_file: str, width: int) -> tuple[Font, list[str]]:
    """The largest size at which the title takes at most three lines (four at the smallest)."""
    for size, most in ((68, 3), (56, 3), (48, 4)):
        font = _font(font_file, size)
        lines = _wrap(title, font, width)
        if len(lines) <= most:
            return font, lines
    lines = _wrap(title, font, width)
    return font, [*lines[:3], _shorten(" ".join(lines[3:]), font, width)]


def _wrap(text: str, font: Font, width: int) -> list[str]:
    """Words in lines no wider than `width`; a word wider than a line is cut where it must be."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if font.getlength(trial) <= width:
            line = trial
            continue
        if line:
            lines.append(line)
        while font.getlength(word) > width:
            fits = (i for i in range(len(word) - 1, 0, -1) if font.getlength(word[:i]) <= width)
            cut = next(fits, 1)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _shorten(text: str, font: Font, width: int) -> str:
    """The text, cut with an ellipsis if it is wider than `width`."""
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


@lru_cache(maxsize=16)
def _font(file: str, size: int) -> Font:
    """A TrueType font at a size (loaded once per process), or Pillow's own."""
    if file:
        return ImageFont.truetype(file, size)
    return ImageFont.load_default(size)
