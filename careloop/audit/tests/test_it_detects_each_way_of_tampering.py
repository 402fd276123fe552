"""Each way of tampering with the trail, as someone with full database rights but without
AUDIT_KEY or write access to the seal directory, is caught by `careloop audit verify`."""

import hashlib
import json

import pytest

from careloop.audit.chain import GENESIS_HASH, utc_iso
from careloop.audit.models import AuditEvent
from careloop.audit.seal import audit_seal
from careloop.audit.testing import append_views, tamper
from careloop.cli import main as cli_main

EVENTS = 60


@pytest.fixture
def sealed(personas):
    """60 events in alice's practice, 5 in charlie's, sealed."""
    events = append_views(personas.alice, personas.practice, EVENTS)
    append_views(personas.charlie, personas.other_practice, 5)
    assert audit_seal().path is not None
    return events


def _verify(capsys):
    code = cli_main(["audit", "verify"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _delete_newest(practice, count):
    newest = AuditEvent.objects.filter(practice=practice).count()
    tamper(
        "DELETE FROM audit_auditevent WHERE practice_id = %s AND chain_seq > %s",
        [practice.pk, newest - count],
    )


@pytest.mark.django_db
def test_it_passes_an_untouched_sealed_trail(personas, sealed, capsys):
    append_views(personas.alice, personas.practice, 2)  # events after the seal are fine
    code, out, err = _verify(capsys)
    assert code == 0, err
    assert f"audit trail intact: {EVENTS + 2 + 5} events in 2 chains verified" in out


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 50, EVENTS])
def test_it_detects_the_newest_events_deleted_after_a_seal(personas, sealed, capsys, count):
    _delete_newest(personas.practice, count)
    code, _, err = _verify(capsys)
    assert code == 1
    assert f"chain practice {personas.practice.pk}: missing tail: sealed at event #{EVENTS}" in err
    assert f"the database ends at #{EVENTS - count}: events were deleted" in err
    assert f"chain practice {personas.other_practice.pk}" not in err  # only the victim


@pytest.mark.django_db
def test_it_detects_a_chain_rewritten_with_a_keyless_hash(personas, sealed, capsys):
    # The attacker rewrites every event (here: which client was viewed) and recomputes each
    # link with plain SHA-256, as the old keyless chain allowed.
    prev = GENESIS_HASH
    for event in sealed:
        digest = hashlib.sha256(
            json.dumps([prev, event.chain_seq, utc_iso(event.at), "999"]).encode()
        ).hexdigest()
        tamper(
            "UPDATE audit_auditevent SET object_id = '999', prev_hash = %s, hash = %s"
            " WHERE seq = %s",
            [prev, digest, event.seq],
        )
        prev = digest
    code, _, err = _verify(capsys)
    assert code == 1
    assert f"chain practice {personas.practice.pk}: event #1: contents do not match its MAC" in err


@pytest.mark.django_db
def test_it_names_the_first_edited_event(personas, sealed, capsys):
    tamper("UPDATE audit_auditevent SET object_id = '999' WHERE seq = %s", [sealed[6].seq])
    code, _, err = _verify(capsys)
    assert code == 1
    assert f"chain practice {personas.practice.pk}: event #7: contents do not match" in err


@pytest.mark.django_db
def test_it_detects_an_event_deleted_from_the_middle(personas, sealed, capsys):
    tamper("DELETE FROM audit_auditevent WHERE seq = %s", [sealed[9].seq])
    code, _, err = _verify(capsys)
    assert code == 1
    assert f"chain practice {personas.practice.pk}: event #11: expected event #10 next" in err


@pytest.mark.django_db
def test_it_detects_an_inserted_event(personas, sealed, capsys):
    after = sealed[19]
    # Make room after event #20 and slip a forged event in, linked to #20 with a made-up MAC.
    tamper(
        "UPDATE audit_auditevent SET chain_seq = chain_seq + 1000"
        " WHERE practice_id = %s AND chain_seq > 20",
        [personas.practice.pk],
    )
    tamper(
        "UPDATE audit_auditevent SET chain_seq = chain_seq - 999"
        " WHERE practice_id = %s AND chain_seq > 1000",
        [personas.practice.pk],
    )
    tamper(
        "INSERT INTO audit_auditevent (chain_seq, at, practice_id, action, object_type,"
        " object_id, request_id, detail, prev_hash, hash)"
        " VALUES (21, %s, %s, 'view', 'clients.client', '1', '', '', %s, %s)",
        [after.at, personas.practice.pk, after.hash, "f" * 64],
    )
    code, _, err = _verify(capsys)
    assert code == 1
    assert f"chain practice {personas.practice.pk}: event #21: contents do not match" in err


@pytest.mark.django_db
def test_it_detects_a_seal_edited_to_hide_a_deletion(personas, sealed, capsys, _seal_dir):
    _delete_newest(personas.practice, 10)
    (path,) = _seal_dir.glob("seal-*.json")
    document = json.loads(path.read_text())
    for entry in document["chains"]:
        if entry["practice_id"] == personas.practice.pk:
            entry["chain_seq"] = EVENTS - 10
    path.write_text(json.dumps(document))
    code, _, err = _verify(capsys)
    assert code == 1
    assert f"the MAC of chain practice {personas.practice.pk} is wrong" in err


@pytest.mark.django_db
def test_seal_refuses_to_bless_a_broken_trail(personas, sealed, capsys, _seal_dir):
    _delete_newest(personas.practice, 1)
    assert cli_main(["audit", "seal"]) == 1
    assert "not sealed" in capsys.readouterr().err
    assert len(list(_seal_dir.glob("seal-*.json"))) == 1


@pytest.mark.django_db
def test_seal_records_each_chain_head(personas, sealed, capsys, _seal_dir):
    append_views(personas.alice, personas.practice, 1)
    assert cli_main(["audit", "seal"]) == 0
    assert "sealed 2 chains into" in capsys.readouterr().out
    newest = sorted(_seal_dir.glob("seal-*.json"))[-1]
    heads = {e["practice_id"]: e["chain_seq"] for e in json.loads(newest.read_text())["chains"]}
    assert heads == {personas.practice.pk: EVENTS + 1, personas.other_practice.pk: 5}


@pytest.mark.django_db
def test_verify_without_a_seal_warns_that_deletions_go_unseen(personas, capsys):
    append_views(personas.alice, personas.practice, 2)
    code, _, err = _verify(capsys)
    assert code == 0
    assert "no seal in" in err


@pytest.mark.parametrize("argv", [["audit"], ["audit", "verify", "--bogus"], ["audit", "x"]])
def test_it_exits_2_on_bad_usage(argv):
    with pytest.raises(SystemExit) as exit_info:
        cli_main(argv)
    assert exit_info.value.code == 2
