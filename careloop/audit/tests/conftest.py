from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _seal_dir(settings, tmp_path):
    """Each test seals into its own directory (never into a developer's var/audit-seals)."""
    settings.AUDIT_SEAL_DIR = tmp_path / "seals"
    return settings.AUDIT_SEAL_DIR
