"""`careloop generate`: fill a database with synthetic clients, programs and sessions fast.

For benchmarks and load tests, never for real practices: every generated client is named
from a fixed list and marked "(synthetic)" in the referral. Rows go in with `bulk_create`
in batches, one transaction per batch of clients, so memory stays flat and an interrupted
run leaves whole clients behind. One audit event records the run (not one per row).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from careloop.accounts.models import Membership, Practice, User
from careloop.audit.services import audit_log
from careloop.clients.models import Client, Consent, Referral, ReferralSource
from careloop.training.exercise_library import exercise_library_seed
from careloop.training.models import (
    Exercise,
    Program,
    ProgramExercise,
    ProgramVersion,
    Session,
    SessionExercise,
)
from careloop.training.services import last_session_refresh

DEFAULT_PRACTICE = "Synthetic Practice"
CLIENTS_PER_BATCH = 500
EXERCISES_PER_PROGRAM = 4
SOURCES = 25

FIRST = (  # noqa: SIM905 - names read best as prose
    "Ada Alan Alice Amir Ana Ben Bea Carl Cara Chen Dana Dev Eli Ella Emma Eve Finn Gail "
    "Gus Hana Hugo Ian Ida Ivy Jack Jade Jon Kai Kim Lea Leo Liam Lina Lou Mae Max Mia Nia "
    "Noah Nora Olga Omar Owen Pia Raj Remy Rosa Ruth Sam Sara Sean Tara Theo Una Uma Vera "
    "Will Yara Zack Zoe"
).split()
LAST = (  # noqa: SIM905 - names read best as prose
    "Abbott Adams Ahmed Baker Banks Berg Boyd Brooks Burke Byrne Carter Chen Clarke Cole "
    "Cruz Dale Dixon Doyle Duarte Ellis Evans Farah Fischer Flynn Ford Fox Garcia Gray Hale "
    "Hayes Hill Hughes Ito Jensen Kaur Keller Khan Kim Lam Lane Lopez Lund Marsh Meyer "
    "Mills Moreno Murphy Nash Nguyen Novak Obi Ortiz Park Patel Pearce Quinn Reid Rossi "
    "Sato Shah Silva Stone Tan Varga Walsh Ward Weber Young Zhou"
).split()
CONDITIONS = (
    ("knee_right", "Total knee replacement", ("knee", "whole_body")),
    ("knee_left", "ACL reconstruction", ("knee", "hip")),
    ("shoulder_left", "Rotator-cuff repair", ("shoulder", "upper_back")),
    ("lower_back", "", ("lower_back", "hip")),
    ("hip_right", "Total hip replacement", ("hip", "knee")),
    ("ankle_foot_right", "", ("ankle_foot", "knee")),
)


@dataclass(frozen=True)
class Generated:
    practice: Practice
    clients: int
    sessions: int
    seconds: float


def _practice(name: str) -> tuple[Practice, User]:
    practice = Practice.objects.filter(name=name).first()
    if practice is None:
        practice = Practice.objects.create(name=name, time_zone="Europe/London")
    email = f"practitioner-{practice.pk}@synthetic.careloop.test"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, full_name="Synthetic Practitioner")
    Membership.objects.get_or_create(
        user=user, practice=practice, defaults={"role": Membership.Role.OWNER}
    )
    return practice, user


def _sources(practice: Practice, rng: random.Random) -> list[ReferralSource]:
    have = list(ReferralSource.objects.filter(practice=practice, name__startswith="Dr Synthetic"))
    if len(have) >= SOURCES:
        return have
    new = []
    for n in range(len(have), SOURCES):
        source = ReferralSource(
            practice=practice,
            name=f"Dr Synthetic {rng.choice(LAST)} {n}",
            specialty="Orthopaedics",
            email=f"source{n}@synthetic.careloop.test",
        )
        source.refresh_keys()
        new.append(source)
    return have + ReferralSource.objects.bulk_create(new)


def _batch(
    *,
    practice: Practice,
    user: User,
    count: int,
    sessions_per_client: int,
    library: dict[str, list[Exercise]],
    sources: list[ReferralSource],
    rng: random.Random,
    now: dt.datetime,
) -> int:
    today = now.date()
    clients = Client.objects.bulk_create(
        Client(
            practice=practice,
            first_name=rng.choice(FIRST),
            last_name=rng.choice(LAST),
            date_of_birth=dt.date(rng.randint(1940, 2004), rng.randint(1, 12), rng.randint(1, 28)),
            sex=rng.choice(("female", "male")),
            phone=f"07700 {rng.randint(900000, 999999)}",
            status=rng.choices(("active", "on_hold", "discharged"), (85, 5, 10))[0],
            primary_practitioner=user,
        )
        for _ in range(count)
    )
    conditions = [rng.choice(CONDITIONS) for _ in clients]
    span_days = max(14, sessions_per_client * 7 // 2 + 7)
    Referral.objects.bulk_create(
        Referral(
            practice=practice,
            client=client,
            source=rng.choice(sources),
            referral_date=today - dt.timedelta(days=span_days + rng.randint(0, 10)),
            reason="(synthetic) Progressive strengthening and return to function.",
            region=region,
            surgery_procedure=procedure,
            surgery_region=region if procedure else "",
            surgery_date=today - dt.timedelta(days=span_days + 30) if procedure else None,
            precautions="No high-impact loading.",
            visits_authorised=sessions_per_client + 10,
        )
        for client, (region, procedure, _) in zip(clients, conditions, strict=True)
    )
    Consent.objects.bulk_create(
        Consent(
            practice=practice,
            client=client,
            given_on=today - dt.timedelta(days=span_days),
            scope="(synthetic) Session and pain information to the referring clinician.",
            expires_on=today + dt.timedelta(days=300),
            recorded_by=user,
        )
        for client in clients
    )
    programs = Program.objects.bulk_create(
        Program(practice=practice, client=client, version=1) for client in clients
    )
    versions = ProgramVersion.objects.bulk_create(
        ProgramVersion(
            practice=practice,
            program=program,
            number=1,
            created_at=now - dt.timedelta(days=span_days),
            created_by=user,
            reason="(synthetic) Initial program",
            change_summary="First version",
        )
        for program in programs
    )
    chosen: list[list[tuple[Exercise, Decimal]]] = []
    rows: list[ProgramExercise] = []
    for version, (_, _, areas) in zip(versions, conditions, strict=True):
        pool = library[areas[0]] + library[areas[1]]
        picks = [
            (ex, Decimal(rng.randrange(4, 60, 2))) for ex in rng.sample(pool, EXERCISES_PER_PROGRAM)
        ]
        chosen.append(picks)
        rows.extend(
            ProgramExercise(
                practice=practice, version=version, exercise=ex, order=n, sets=3, reps=10, load=load
            )
            for n, (ex, load) in enumerate(picks, start=1)
        )
    ProgramExercise.objects.bulk_create(rows, batch_size=2000)
    # Sessions and exercises done are most of the rows: they go in with executemany, which
    # skips building a model instance per row (bulk_create's cost at these volumes).
    step = dt.timedelta(days=span_days) / max(1, sessions_per_client)
    session_rows = []
    for client, version in zip(clients, versions, strict=True):
        pain = rng.randint(2, 6)
        for n in range(sessions_per_client):
            started = now - dt.timedelta(days=span_days) + step * n + dt.timedelta(hours=9)
            started = min(started, now - dt.timedelta(hours=2))
            drop = n * pain // max(1, sessions_per_client)
            before = max(0, min(10, pain - drop + rng.choice((-1, 0, 1))))
            session_rows.append(
                (
                    practice.pk,
                    client.pk,
                    version.pk,
                    user.pk,
                    started,
                    60,
                    started + dt.timedelta(minutes=60),
                    before,
                    min(10, before + 1),
                    max(0, before - 1),
                    rng.randint(3, 7),
                    "",
                    "",
                    "",
                    now,
                )
            )
    _insert(
        Session,
        [
            "practice_id",
            "client_id",
            "program_version_id",
            "practitioner_id",
            "started_at",
            "duration_minutes",
            "ended_at",
            "pain_before",
            "pain_during_max",
            "pain_after",
            "rpe",
            "practitioner_observations",
            "client_statements",
            "logged_during_hold_reason",
            "created_at",
        ],
        session_rows,
    )
    picks_by_client = {client.pk: picks for client, picks in zip(clients, chosen, strict=True)}
    made = (
        Session.objects.filter(practice=practice, client_id__in=list(picks_by_client))
        .order_by("client_id", "started_at", "pk")
        .values_list("pk", "client_id", "pain_during_max")
    )
    sets_field = SessionExercise._meta.get_field("sets")
    done_rows = []
    position: dict[int, int] = {}
    for session_id, client_id, pain_during in made:
        n = position[client_id] = position.get(client_id, -1) + 1
        for order, (ex, load) in enumerate(picks_by_client[client_id], start=1):
            value = load + Decimal(n) / 10
            sets = sets_field.get_db_prep_save(
                [{"reps": 10, "load": str(value)}] * 3, connection=connection
            )
            done_rows.append(
                (practice.pk, session_id, ex.pk, order, sets, "kg", value, "", pain_during, "")
            )
    _insert(
        SessionExercise,
        [
            "practice_id",
            "session_id",
            "exercise_id",
            "order",
            "sets",
            "load_unit",
            "load_max",
            "side",
            "pain_during",
            "notes",
        ],
        done_rows,
    )
    last_session_refresh(client_ids=picks_by_client)
    return len(session_rows)


def _insert(model: Any, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    fields = {f.column: f for f in model._meta.concrete_fields}
    adapt = [
        (i, fields[c]) for i, c in enumerate(columns) if fields[c].get_internal_type() in ADAPTED
    ]
    # Table and column names come from the models (quoted), values go as parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_CHUNK):
            chunk = rows[start : start + INSERT_CHUNK]
            if adapt:
                chunk = [_adapted(row, adapt) for row in chunk]
            cursor.executemany(sql, chunk)


# Values the driver cannot take as they are: datetimes (SQLite stores text) and decimals.
ADAPTED = {"DateTimeField", "DecimalField"}
INSERT_CHUNK = 10_000


def _adapted(row: tuple[Any, ...], adapt: list[tuple[int, Any]]) -> tuple[Any, ...]:
    values = list(row)
    for i, field in adapt:
        values[i] = field.get_db_prep_save(values[i], connection=connection)
    return tuple(values)


def generate(
    *,
    clients: int,
    sessions_per_client: int,
    practice_name: str = DEFAULT_PRACTICE,
    seed: int = 1,
    progress: Callable[[int, int], Any] | None = None,
) -> Generated:
    """Add `clients` synthetic clients, each with a program and `sessions_per_client`
    sessions, to the practice named `practice_name` (created when missing)."""
    if clients < 0 or sessions_per_client < 0:
        raise ValueError("counts cannot be negative")
    started = time.monotonic()
    rng = random.Random(seed)  # noqa: S311 - synthetic data
    practice, user = _practice(practice_name)
    exercise_library_seed(practice=practice, actor=user)
    library: dict[str, list[Exercise]] = {}
    for ex in Exercise.objects.filter(practice=practice, is_active=True):
        library.setdefault(ex.body_area, []).append(ex)
    sources = _sources(practice, rng)
    now = timezone.now()
    made = total_sessions = 0
    while made < clients:
        count = min(CLIENTS_PER_BATCH, clients - made)
        with transaction.atomic():
            total_sessions += _batch(
                practice=practice,
                user=user,
                count=count,
                sessions_per_client=sessions_per_client,
                library=library,
                sources=sources,
                rng=rng,
                now=now,
            )
        made += count
        if progress is not None:
            progress(made, clients)
    with transaction.atomic():
        audit_log(
            actor=user,
            practice=practice,
            action="create",
            object_type="training.generate",
            detail=f"synthetic data: {made} clients, {total_sessions} sessions",
        )
    return Generated(practice, made, total_sessions, time.monotonic() - started)
