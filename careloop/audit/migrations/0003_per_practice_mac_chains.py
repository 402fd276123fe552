"""One MAC chain per practice instead of one keyless SHA-256 chain for the whole server.

Existing events are re-MACed once, here: the old global chain is verified first with its
keyless hash (re-MACing a tampered trail would launder the tampering, so a broken old chain
stops the migration and names the event), then every event gets its practice's chain_seq,
link and HMAC under AUDIT_KEY. The append-only triggers are lifted only inside this
migration's transaction. See docs/audit.md ("Upgrading from the keyless chain").
"""

from django.conf import settings
from django.db import migrations, models

BATCH = 1000
_FIELDS = ("at", "practice_id", "actor_id", "action", "object_type", "object_id")
_MORE = ("request_id", "detail")


def _legacy_check(rows):
    from careloop.audit.chain import GENESIS_HASH, legacy_event_hash

    prev_hash = GENESIS_HASH
    for expected, row in enumerate(rows, start=1):
        seq, prev, digest, fields = row
        if seq != expected or prev != prev_hash:
            reason = f"expected event #{expected} linking to the one before"
        elif legacy_event_hash(prev_hash=prev, seq=seq, **fields) != digest:
            reason = "contents do not match its hash"
        else:
            prev_hash = digest
            continue
        raise RuntimeError(
            f"audit migration refused: the existing audit trail is broken at event #{seq} "
            f"({reason}). Re-MACing it would hide that. Investigate with `careloop audit "
            "verify` on the previous release before upgrading (docs/audit.md)."
        )


def _rows(AuditEvent):
    columns = ("seq", "prev_hash", "hash", *_FIELDS, *_MORE)
    for values in AuditEvent.objects.order_by("seq").values_list(*columns):
        record = dict(zip(columns, values, strict=True))
        seq, prev, digest = record.pop("seq"), record.pop("prev_hash"), record.pop("hash")
        yield seq, prev, digest, record


def remac(apps, schema_editor):
    from careloop.audit.chain import GENESIS_HASH, event_mac
    from careloop.audit.triggers import create_triggers, drop_triggers

    AuditEvent = apps.get_model("audit", "AuditEvent")
    rows = list(_rows(AuditEvent))
    if not rows:
        return
    _legacy_check(rows)
    heads: dict = {}
    updates = []
    for seq, _prev, _digest, fields in rows:
        chain_seq, prev_hash = heads.get(fields["practice_id"], (0, GENESIS_HASH))
        chain_seq += 1
        mac = event_mac(
            key=settings.AUDIT_KEY, prev_hash=prev_hash, chain_seq=chain_seq, **fields
        )
        heads[fields["practice_id"]] = (chain_seq, mac)
        updates.append(AuditEvent(seq=seq, chain_seq=chain_seq, prev_hash=prev_hash, hash=mac))
    connection = schema_editor.connection
    drop_triggers(connection)
    AuditEvent.objects.bulk_update(updates, ["chain_seq", "prev_hash", "hash"], batch_size=BATCH)
    create_triggers(connection)
    if connection.vendor == "postgresql":
        # Events used to be inserted with an explicit seq, which never advanced the identity
        # sequence; the database assigns seq from now on.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('audit_auditevent', 'seq'), MAX(seq))"
                " FROM audit_auditevent"
            )


def recreate_triggers(apps, schema_editor):
    # SQLite rebuilds the table for some of the changes above, which drops its triggers.
    from careloop.audit.triggers import create_triggers

    create_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers"), ("accounts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="auditevent", name="chain_seq", field=models.BigIntegerField(null=True)
        ),
        migrations.RunPython(remac, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent", name="chain_seq", field=models.BigIntegerField()
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(
                help_text="HMAC-SHA256 under AUDIT_KEY", max_length=64, unique=True
            ),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                fields=("practice", "chain_seq"), name="audit_chain_seq"
            ),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                condition=models.Q(("practice__isnull", True)),
                fields=("chain_seq",),
                name="audit_system_chain_seq",
            ),
        ),
        migrations.RunPython(recreate_triggers, migrations.RunPython.noop),
    ]
