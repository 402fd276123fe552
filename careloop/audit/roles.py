"""The PostgreSQL rights of the role the running app connects as (docs/database-roles.md).

Migrations run as the role that owns the tables; the app runs as another role that may
read and write the app's tables but owns none. Only a table's owner (or a superuser) can
DROP or DISABLE a trigger, so the app's role cannot lift the append-only trigger; and it
is not granted UPDATE, DELETE or TRUNCATE on the audit table at all.
"""

from __future__ import annotations

from careloop.audit.triggers import TABLE


def _ident(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"role and database names must be letters, digits and _: {name!r}")
    return f'"{name}"'


def app_role_grants(*, app_role: str, owner_role: str, database: str) -> list[str]:
    """The statements the owner runs once (after `careloop migrate`) to set up `app_role`."""
    app, owner = _ident(app_role), _ident(owner_role)
    return [
        f"GRANT CONNECT ON DATABASE {_ident(database)} TO {app}",
        f"GRANT USAGE ON SCHEMA public TO {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app}",
        # The audit trail is append-only for the app, whatever the triggers say.
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {TABLE} FROM {app}",
        # Tables and sequences that later migrations create get the same rights.
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public"
        f" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public"
        f" GRANT USAGE, SELECT ON SEQUENCES TO {app}",
    ]
