"""The de-identification corpus: identifiers planted in every free-text field of every
example episode, in every form the issue lists, and none of them in the case."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from careloop.cases.build import build_case
from careloop.cases.deidentify_known import Extra
from careloop.cases.tests.corpus import CLINICAL, CLINICAL_PARTS, corpus
from careloop.record.parsing import parse_document

CASES = list(corpus())
# The emergency contact is not in the episode document; the web flow adds it (Extra).
EXTRA = Extra(contact_names=["Oluwaseun Adebayo-Hart"])


def _present(secret: str, text: str) -> bool:
    return re.search(rf"(?<![A-Za-z0-9]){re.escape(secret)}(?![A-Za-z0-9])", text, re.I) is not None


@pytest.mark.parametrize(
    ("example", "episode", "plant", "fields"),
    CASES,
    ids=[f"{example}-{plant.form}" for example, _, plant, _ in CASES],
)
def test_it_removes_the_planted_identifier_and_keeps_the_clinical_numbers(
    example, episode, plant, fields
) -> None:
    case = build_case(parse_document(episode), EXTRA)
    dumped = json.dumps(case.model_dump(mode="json"), ensure_ascii=False)
    survived = [s for s in plant.secrets if _present(s, dumped)]
    assert not survived, f"{plant.form}: {survived} survived"
    texts = [text for _, text in case.free_texts() if "step-ups at" in text]
    assert texts, "no planted text reached the case"
    for text in texts:
        assert CLINICAL in text, text
    assert all(part in dumped for part in CLINICAL_PARTS)
    assert case.removals, "nothing was listed as removed"


def test_it_reports_the_corpus_size_and_what_was_found() -> None:
    """Writes test-artifacts/cases-corpus.json: the numbers for the maintainer's note."""
    found: Counter[str] = Counter()
    fields = 0
    for _, episode, _, count in CASES:
        fields += count
        found.update(r.kind for r in build_case(parse_document(episode), EXTRA).removals)
    summary = {
        "episodes": len(CASES),
        "examples": len({example for example, *_ in CASES}),
        "forms_planted": sorted({plant.form for _, _, plant, _ in CASES}),
        "free_texts_planted": fields,
        "removals_by_kind": dict(sorted(found.items())),
    }
    out = Path("test-artifacts")
    out.mkdir(exist_ok=True)
    (out / "cases-corpus.json").write_text(json.dumps(summary, indent=2) + "\n")
    assert summary["episodes"] >= 200
    assert len(summary["forms_planted"]) >= 40
