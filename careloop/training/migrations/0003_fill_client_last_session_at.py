"""Fill the clients' new last_session_at from the sessions already logged (not voided).

Here, in training, because training keeps the column and owns the sessions; the clients app
itself reads no session."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Client = apps.get_model("clients", "Client")
    Session = apps.get_model("training", "Session")
    latest = Session.objects.filter(client=OuterRef("pk"), voided_at__isnull=True).order_by(
        "-started_at"
    )
    Client.objects.update(last_session_at=Subquery(latest.values("started_at")[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0004_client_last_session_at"),
        ("training", "0002_session_corrections"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
