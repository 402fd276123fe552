"""Gunicorn's logger for ``careloop serve``: query values never reach the access log.

Gunicorn logs the request line (``GET /clients/?q=Ellis HTTP/1.1``), the query string and
the referring page, each of which can carry a client's name. Whatever access log format an
operator picks, those atoms are redacted (careloop.core.logredact); so are URIs in
gunicorn's own error messages.
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from careloop.core.logredact import redact_query, redact_text, redact_url

# Atoms holding a whole query string, and atoms holding a URL that may end in one.
_QUERIES = ("q", "{query_string}e")
_URLS = ("f", "{referer}i", "{http_referer}e", "{raw_uri}e", "{request_uri}e")


class RedactingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> Any:
        atoms = super().atoms(resp, req, environ, request_time)
        uri = redact_url(str(environ.get("RAW_URI", "")))
        atoms["r"] = f"{environ['REQUEST_METHOD']} {uri} {environ['SERVER_PROTOCOL']}"
        for key in _QUERIES:
            if isinstance(atoms.get(key), str):
                atoms[key] = redact_query(atoms[key])
        for key in _URLS:
            if isinstance(atoms.get(key), str):
                atoms[key] = redact_url(atoms[key])
        return atoms

    def _redacted(self, args: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(redact_text(a) if isinstance(a, str) else a for a in args)

    def error(self, msg: str, *args: Any, **kwargs: Any) -> None:
        super().error(redact_text(msg), *self._redacted(args), **kwargs)

    def warning(self, msg: str, *args: Any, **kwargs: Any) -> None:
        super().warning(redact_text(msg), *self._redacted(args), **kwargs)

    def info(self, msg: str, *args: Any, **kwargs: Any) -> None:
        super().info(redact_text(msg), *self._redacted(args), **kwargs)

    def debug(self, msg: str, *args: Any, **kwargs: Any) -> None:
        super().debug(redact_text(msg), *self._redacted(args), **kwargs)

    def exception(self, msg: str, *args: Any, **kwargs: Any) -> None:
        super().exception(redact_text(msg), *self._redacted(args), **kwargs)
