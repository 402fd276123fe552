"""Facts about the client a clinician needs beside the episode: identifiers, medications,
vital signs, and the consent a letter is shared under."""

from __future__ import annotations

from collections.abc import Sequence

from careloop.letters import formatting as f
from careloop.record.document import EpisodeDocument, Medication, Vitals

FOOTER_NOTE = (
    "Confidential: health information about the client named above, shared with the "
    "client's consent. If it reached you in error, please tell us and delete it."
)


def medication_items(doc: EpisodeDocument) -> list[str]:
    """Medicines, labelled by who said so: the client's account is not a medication list."""
    meds = doc.client.medications
    if not meds:
        return []

    def one(m: Medication) -> str:
        return ", ".join(x for x in (m.name, m.dose, m.note) if x)

    said = [one(m) for m in meds if m.source == "client_reports"]
    listed = [one(m) for m in meds if m.source != "client_reports"]
    items = []
    if listed:
        items.append(f"Medications on record: {'; '.join(listed)}")
    if said:
        items.append(f"Medications, as the client reports them: {'; '.join(said)}")
    return items


def vitals_text(doc: EpisodeDocument, vitals: Sequence[Vitals]) -> list[str]:
    """ "Measured Wed 11 Mar 2026 at 10:35 (at rest, seated; Sam Okafor): heart rate 112/min,
    blood pressure 150/90 mmHg, SpO2 94%"."""
    lines = []
    for v in vitals:
        values = []
        if v.heart_rate is not None:
            values.append(f"heart rate {v.heart_rate}/min")
        if v.systolic is not None and v.diastolic is not None:
            values.append(f"blood pressure {v.systolic}/{v.diastolic} mmHg")
        if v.spo2 is not None:
            values.append(f"SpO2 {v.spo2}%")
        if not values:
            continue
        how = "; ".join(x for x in (v.context, v.measured_by) if x)
        how = f" ({how})" if how else ""
        lines.append(
            f"Observed: vital signs measured {f.day_at(v.measured_at, doc.tz)}{how}: "
            + ", ".join(values)
            + "."
        )
    return lines


def identifier_text(doc: EpisodeDocument) -> str:
    """ "MRN 0012345 (Riverside General Hospital)", for the reference line."""
    return "; ".join(
        " ".join(x for x in (i.assigner, i.system, i.value) if x) for i in doc.client.identifiers
    )


def footer_note(doc: EpisodeDocument) -> str:
    """The confidentiality note; with the consent on record it says which consent."""
    consent = consent_text(doc)
    if not consent:
        return FOOTER_NOTE
    return (
        f"Confidential: health information about the client named above. {consent} "
        "If it reached you in error, please tell us and delete it."
    )


def consent_text(doc: EpisodeDocument) -> str:
    consent = doc.client.consent
    if consent is None:
        return ""
    scope = (
        f" ({f.lower_first(consent.scope.strip().rstrip('.'))})" if consent.scope.strip() else ""
    )
    return f"Shared with the client's consent, given on {f.long_date(consent.given_on)}{scope}."
