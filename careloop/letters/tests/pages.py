"""Reading rendered letters back: PDF text per page, pages as PNG images (pdftoppm)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def page_texts(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def font_names(pdf: bytes) -> set[str]:
    """The base names of every font the PDF embeds, e.g. "TSPJMR+Noto-Sans-CJK-SC"."""
    reader = PdfReader(io.BytesIO(pdf))
    names: set[str] = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object().get("/BaseFont", "")))
    return names


def png_pages(pdf: bytes, name: str, *, dpi: int = 60) -> list[Path]:
    """Each page as a PNG in test-artifacts/ (to look at), via poppler's pdftoppm."""
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm (poppler-utils) is needed to turn PDFs into images")
    ARTIFACTS.mkdir(exist_ok=True)
    source = ARTIFACTS / f"{name}.pdf"
    source.write_bytes(pdf)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(source), str(ARTIFACTS / name)], check=True
    )
    return sorted(ARTIFACTS.glob(f"{name}-*.png"))


def _pixels(png: Path) -> list[tuple[int, int, int]]:
    from PIL import Image

    data = Image.open(png).convert("RGB").tobytes()
    return list(zip(data[0::3], data[1::3], data[2::3], strict=True))


def watermark_pixels(png: Path) -> int:
    """Pixels of the DRAFT watermark's pale red tint on white paper."""
    return sum(1 for r, g, b in _pixels(png) if r > 230 and 15 <= r - g <= 45 and abs(g - b) <= 12)


def yellow_pixels(png: Path) -> int:
    """Pixels of the yellow of a colour emoji face (no letter ink is yellow)."""
    return sum(1 for r, g, b in _pixels(png) if r > 200 and g > 150 and b < 90)
