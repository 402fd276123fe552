"""PDF letters with WeasyPrint: letterhead, signature block, "Page X of Y", A4 or Letter.

Nothing is fetched while rendering: the HTML carries its stylesheet and chart inline,
fonts come from fontconfig (Liberation Sans, Noto Sans, Noto Sans CJK, Noto Color Emoji,
DejaVu Sans: see README), and the URL fetcher refuses
every URL that is not ``data:`` or a file inside this package.
"""

from __future__ import annotations

import atexit
import functools
from pathlib import Path
from typing import Any
from urllib.request import url2pathname

from careloop.letters.content import LetterContent
from careloop.letters.render.html import STATIC_DIR, render_html

PACKAGE_DIR = Path(__file__).resolve().parent.parent


class RefusedURL(ValueError):
    pass


@functools.lru_cache(maxsize=1)
def _fetcher_class() -> Any:
    from weasyprint import URLFetcher  # noqa: PLC0415 - WeasyPrint takes seconds to import: only when a PDF is made

    class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc,valid-type]
        """Serves ``data:`` URLs and files of this package; refuses the rest."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower()
            if scheme == "file":
                path = Path(url2pathname(url.split("?")[0].removeprefix("file:"))).resolve()
                if not path.is_relative_to(PACKAGE_DIR):
                    raise RefusedURL(f"refused to read a file outside the letters package: {url}")
            elif scheme != "data":
                raise RefusedURL(f"refused to fetch {url}: letters fetch nothing")
            return super().fetch(url, headers)

    return LocalOnlyFetcher


def url_fetcher() -> Any:
    """A WeasyPrint URL fetcher that fetches nothing from the network."""
    return _fetcher_class()()


@functools.lru_cache(maxsize=1)
def _print_resources() -> tuple[Any, Any]:
    """The letter stylesheet, parsed once, and one font configuration for every render.

    Parsing the stylesheet and setting up fontconfig cost a tenth of a render; neither
    depends on the letter (the paper size comes in a one-line style in the page itself).
    """
    from weasyprint import CSS  # noqa: PLC0415 - WeasyPrint takes seconds to import: only when a PDF is made
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415 - WeasyPrint takes seconds to import: only when a PDF is made

    fonts = FontConfiguration()
    css_path = STATIC_DIR / "letters" / "letter.css"
    stylesheet = CSS(
        string=css_path.read_text(encoding="utf-8"),
        base_url=PACKAGE_DIR.as_uri() + "/",
        url_fetcher=url_fetcher(),
        font_config=fonts,
    )
    # The stylesheet's @font-face makes WeasyPrint copy the emoji font into a temporary
    # folder that the configuration removes when it is collected: release it at exit,
    # while the modules its clean-up needs are still loaded.
    atexit.register(_print_resources.cache_clear)
    return stylesheet, fonts


def render_pdf(letter: LetterContent, *, draft: bool = False) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 - WeasyPrint takes seconds to import: only when a PDF is made

    stylesheet, fonts = _print_resources()
    html = render_html(letter, for_print=True, draft=draft)
    document = HTML(string=html, base_url=PACKAGE_DIR.as_uri() + "/", url_fetcher=url_fetcher())
    pdf = document.write_pdf(stylesheets=[stylesheet], font_config=fonts)
    assert isinstance(pdf, bytes)
    return pdf
