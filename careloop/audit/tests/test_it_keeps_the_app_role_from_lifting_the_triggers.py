"""The app's PostgreSQL role (docs/database-roles.md) can do the app's work but cannot lift
or bypass the audit trail's append-only trigger."""

import secrets

import pytest
from django.db import DatabaseError, connection

from careloop.audit.models import AuditEvent
from careloop.audit.roles import app_role_grants
from careloop.audit.services import audit_log
from careloop.cli import main as cli_main
from careloop.clients.models import Client
from careloop.clients.services import client_update
from careloop.training.testing import make_client

REFUSALS = {
    "DROP TRIGGER audit_no_change ON audit_auditevent": "must be owner",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL": "must be owner",
    "DELETE FROM audit_auditevent": "permission denied",
    "UPDATE audit_auditevent SET detail = 'x'": "permission denied",
    "TRUNCATE audit_auditevent": "permission denied",
}


def _can_create_roles() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user"
        )
        return bool(cursor.fetchone()[0])


@pytest.fixture
def app_role(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("database roles are a PostgreSQL matter")
    if not _can_create_roles():
        pytest.skip(
            "the test database role cannot create roles: "
            "ALTER ROLE <it> CREATEROLE to run this test"
        )
    name = f"careloop_app_test_{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(16)
    owner = connection.settings_dict["USER"]
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {name} LOGIN PASSWORD %s", [password])
        # Membership lets a non-superuser test role DROP OWNED BY it afterwards.
        cursor.execute(f"GRANT {name} TO {owner}")
        for sql in app_role_grants(
            app_role=name, owner_role=owner, database=connection.settings_dict["NAME"]
        ):
            cursor.execute(sql)
    yield name, password
    with connection.cursor() as cursor:
        cursor.execute(f"DROP OWNED BY {name}")  # its grants and default privileges
        cursor.execute(f"DROP ROLE {name}")


def _connect_as(user, password):
    connection.close()
    connection.settings_dict.update(USER=user, PASSWORD=password)


def test_it_refuses_the_app_role_dropping_triggers_or_deleting_events(app_role, personas):
    client = make_client(personas.practice)
    audit_log(actor=personas.alice, practice=personas.practice, action="view", obj=client)
    owner = (connection.settings_dict["USER"], connection.settings_dict["PASSWORD"])
    _connect_as(*app_role)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == app_role[0]
        # The app's ordinary work: a change and its audit event in one transaction.
        client_update(client=client, actor=personas.alice, first_name="Patricia")
        assert Client.objects.get(pk=client.pk).first_name == "Patricia"
        refused = {}
        for sql, message in REFUSALS.items():
            with pytest.raises(DatabaseError) as error, connection.cursor() as cursor:
                cursor.execute(sql)
            refused[sql] = message in str(error.value)
        assert refused == dict.fromkeys(REFUSALS, True)
    finally:
        _connect_as(*owner)
    assert AuditEvent.objects.filter(object_id=str(client.pk), action="update").exists()


def test_it_prints_the_grants_for_the_dba(capsys):
    argv = ["audit", "app-role-sql", "--app-role", "careloop_app", "--owner-role", "careloop"]
    assert cli_main([*argv, "--database", "careloop"]) == 0
    out = capsys.readouterr().out
    assert 'REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditevent FROM "careloop_app";' in out
    assert cli_main([*argv, "--database", "careloop; DROP TABLE x"]) == 2
    assert "letters, digits and _" in capsys.readouterr().err
