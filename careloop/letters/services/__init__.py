"""Writes of letters, deliveries and the communication log (each atomic and audited),
by job:

:mod:`~.drafting`
    ``letter_draft`` (snapshot the episode record, compose the wording),
    ``letter_section_update``, ``letter_finalise``, ``letter_correct``.
:mod:`~.delivery`
    ``letter_send`` (e-mail and fax after the commit, only with consent, to the address on
    record unless the sender confirms another; or printed / handed to the client) and
    ``deliver``.
:mod:`~.communications`
    ``communication_record``: a call, message or reply; a reply may record the clearance
    that lifts the hold.
"""

from careloop.letters.services.communications import communication_record
from careloop.letters.services.delivery import (
    CONSENT_REFUSAL,
    SENDING_CHANNELS,
    deliver,
    fax_address,
    letter_send,
)
from careloop.letters.services.drafting import (
    letter_content,
    letter_correct,
    letter_draft,
    letter_filename,
    letter_finalise,
    letter_section_update,
)

__all__ = [
    "CONSENT_REFUSAL",
    "SENDING_CHANNELS",
    "communication_record",
    "deliver",
    "fax_address",
    "letter_content",
    "letter_correct",
    "letter_draft",
    "letter_filename",
    "letter_finalise",
    "letter_section_update",
    "letter_send",
]
