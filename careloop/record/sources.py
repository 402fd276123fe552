"""Parts of the episode that other rooms keep, read through a reader they register.

The communication log lives in the letters app (a letter's delivery is logged in it), yet
every reader of the record (letters, FHIR export, the API, case sharing) needs the log in
the document. So the record names the reader it needs and letters registers it at start-up
(``LettersConfig.ready``): the record imports nothing of letters, and the dependency runs
one way, from letters to the record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from careloop.clients.models import Client
from careloop.record import document as d

# (client, episode or None for "outside any episode", since) -> the log's entries, oldest first
CommunicationsReader = Callable[[Client, Any, dt.datetime], list[d.Communication]]

_communications_reader: list[CommunicationsReader] = []


def communications_reader_register(reader: CommunicationsReader) -> None:
    """Called once by the app that keeps the communication log."""
    _communications_reader[:] = [reader]


def communications(client: Client, episode: Any, since: dt.datetime) -> list[d.Communication]:
    """The episode's own log, and the client's entries outside any episode since ``since``."""
    if not _communications_reader:
        raise ImproperlyConfigured("No communication log is installed (careloop.letters).")
    return _communications_reader[0](client, episode, since)
