"""This app's part of `careloop demo` (idempotent): the practice's exercise library, and
for each demo client a program suited to the condition with 4 to 8 weeks of sessions.

Clients are found by name (`careloop.clients.demo.DEMO_CLIENTS`); a client who already has
a program is left alone, so a second run adds nothing. Sessions run from a few days after
the referral (at least four weeks back) to yesterday, two or three a week, with loads
rising and pain settling the way each condition usually does, so the charts look real.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.utils import timezone

from careloop.clients.demo import DEMO_CLIENTS
from careloop.clients.models import Client, Referral
from careloop.demo.people import DemoPeople
from careloop.training.models import Exercise, Program, ProgramVersion
from careloop.training.programs import ItemSpec
from careloop.training.services import (
    PerformedSpec,
    SetSpec,
    exercise_library_seed,
    program_ensure,
    program_save,
    session_log,
)

MAX_WEEKS = 8


class Rx(NamedTuple):
    """One prescribed exercise: loads go from `start` to `end` over the weeks shown."""

    name: str
    sets: int | None = None
    reps: int | None = None
    start: float | None = None
    end: float | None = None
    seconds: int | None = None
    rom: str = ""
    notes: str = ""
    side: str = ""


@dataclass(frozen=True)
class Plan:
    items: tuple[Rx, ...]
    pain_before: tuple[float, float]  # first week -> last week
    pain_after: tuple[float, float]
    per_week: int = 3
    rpe: tuple[int, int] = (4, 6)
    flare_week: int | None = None  # a week where pain rose for a session or two
    observed: tuple[str, ...] = ()
    said: tuple[str, ...] = ()


PLANS: dict[str, Plan] = {
    "tkr_right": Plan(
        items=(
            Rx("Stationary bike", seconds=600, notes="Seat high; full revolutions when able"),
            Rx("Heel slide", 2, 15, rom="Knee flexion to 100 degrees"),
            Rx("Quadriceps setting", 3, 10, notes="5-second hold"),
            Rx("Straight leg raise", 3, 10, 1, 2.5, side="right"),
            Rx("Leg press", 3, 10, 30, 50, rom="0-90 degrees knee flexion"),
            Rx("Step-up", 3, 8, 0, 5, notes="15 cm step, hand rail"),
            Rx("Mini squat", 3, 10, rom="To 45 degrees"),
        ),
        pain_before=(4, 1.5),
        pain_after=(3, 1),
        observed=(
            "Knee flexion 95 degrees actively; mild swelling at the joint line.",
            "Stepped up without the rail on the last set.",
            "Slight quad lag on straight leg raise, less than last week.",
        ),
        said=(
            "Stairs easier this week.",
            "Knee stiff first thing in the morning, eases after 20 minutes.",
            "Slept through the night for the first time since surgery.",
        ),
    ),
    "rotator_cuff_left": Plan(
        items=(
            Rx("Pendulum swing", seconds=60, side="left"),
            Rx("Table slide, shoulder flexion", 2, 10, side="left"),
            Rx("Wand-assisted shoulder flexion", 2, 10, rom="Below shoulder height"),
            Rx("Shoulder isometric, external rotation", 3, 10, notes="5-second hold"),
            Rx("Side-lying external rotation", 3, 10, 0.5, 1.5, side="left"),
            Rx("Scaption raise", 3, 10, 0.5, 1.5, rom="To shoulder height", side="left"),
            Rx("Band row", 3, 12),
        ),
        pain_before=(3, 2),
        pain_after=(4, 2),
        per_week=2,
        observed=("Scapular hitching at 80 degrees elevation.", "Smooth arc to 120 degrees."),
        said=("Shoulder aches at night if I lie on it.", "Reaching to the top shelf is easier."),
    ),
    "acl_reconstruction": Plan(
        items=(
            Rx("Stationary bike", seconds=900),
            Rx("Leg press", 3, 10, 40, 70, rom="0-90 degrees"),
            Rx("Hamstring curl", 3, 12, 10, 20),
            Rx("Romanian deadlift", 3, 10, 16, 30),
            Rx("Forward step-down", 3, 10, notes="20 cm step"),
            Rx("Single-leg stance", 3, seconds=30, side="left", notes="Eyes open, then closed"),
            Rx("Calf raise, double leg", 3, 15),
        ),
        pain_before=(2, 1),
        pain_after=(2, 1),
        rpe=(5, 7),
        observed=("Knee valgus on step-down, corrected with cue.", "Good control on step-down."),
        said=("Feels ready to jog.", "A little sore after football training with the team."),
    ),
    "chronic_low_back_pain": Plan(
        items=(
            Rx("Treadmill walk", seconds=900, notes="Brisk, flat"),
            Rx("Cat-camel", 2, 10),
            Rx("Bird dog", 3, 8, notes="3-second hold each side"),
            Rx("Dead bug", 3, 8),
            Rx("Glute bridge", 3, 12, 0, 20),
            Rx("Hip hinge with dowel", 3, 10),
            Rx("Farmer's carry", 3, start=16, end=28, seconds=40),
        ),
        pain_before=(5, 3),
        pain_after=(4, 2),
        flare_week=3,
        observed=("Guarded bending; hinge pattern improving.", "Moved freely throughout."),
        said=(
            "Back flared after gardening at the weekend.",
            "Sitting at work is more comfortable.",
            "Worried about lifting the grandchildren.",
        ),
    ),
    "hip_osteoarthritis": Plan(
        items=(
            Rx("Stationary bike", seconds=600),
            Rx("Clamshell", 3, 12, notes="Light band"),
            Rx("Side-lying hip abduction", 3, 10, 0, 1.5),
            Rx("Sit-to-stand", 3, 10, 0, 8, notes="From standard chair height"),
            Rx("Glute bridge", 3, 12, 0, 10),
            Rx("Monster walk with band", 3, 10),
        ),
        pain_before=(4, 3),
        pain_after=(3, 2),
        observed=("Trendelenburg sign on the right, less than at the start.",),
        said=("Walked to the shops and back without stopping.",),
    ),
    "achilles_tendinopathy": Plan(
        items=(
            Rx("Stationary bike", seconds=600),
            Rx("Calf raise, double leg", 3, 15, 0, 10),
            Rx("Eccentric heel drop", 3, 15, 0, 12, notes="Straight and bent knee"),
            Rx("Leg press", 3, 10, 60, 90),
            Rx("Single-leg stance", 3, seconds=30, side="right"),
        ),
        pain_before=(3, 2),
        pain_after=(3, 2),
        flare_week=4,
        observed=("Tendon tender to pinch mid-portion.", "Heel drops smooth, no limp after."),
        said=("Morning stiffness down to 10 minutes.", "Tried a short jog; sore the next day."),
    ),
    "thr_left": Plan(
        items=(
            Rx("Ankle pumps", 2, 20),
            Rx("Quadriceps setting", 3, 10),
            Rx("Heel slide", 2, 15, rom="Hip flexion to 90 degrees max", side="left"),
            Rx("Standing hip abduction", 3, 10, 0, 2, side="left"),
            Rx("Sit-to-stand", 3, 10, notes="High chair, arms crossed"),
            Rx("Treadmill walk", seconds=600, notes="No stick by week 4"),
        ),
        pain_before=(3, 1),
        pain_after=(2, 1),
        observed=("Walking without the stick, even stride.", "Hip precautions understood."),
        said=("Putting socks on is still awkward.", "No pain at night now."),
    ),
    "lumbar_fusion": Plan(
        items=(
            Rx("Treadmill walk", seconds=1200),
            Rx("Abdominal bracing", 3, 10, notes="10-second hold"),
            Rx("Pelvic tilt", 2, 12),
            Rx("Glute bridge", 3, 10, 0, 10),
            Rx("Bird dog", 3, 8),
            Rx("Sit-to-stand", 3, 10, 0, 6),
        ),
        pain_before=(4, 3),
        pain_after=(4, 2),
        per_week=2,
        observed=("Good bracing; no spinal flexion under load.",),
        said=("Leg tingling has not come back.", "Tired after a full day at work."),
    ),
    "ankle_sprain": Plan(
        items=(
            Rx("Ankle alphabet", 2, 1, side="left"),
            Rx("Calf raise, double leg", 3, 15, 0, 8),
            Rx("Towel scrunch", 2, 15),
            Rx("Single-leg stance", 3, seconds=30, side="left"),
            Rx("Tandem walk", 3, notes="10 metres"),
            Rx("Step-up", 3, 10, 0, 8),
        ),
        pain_before=(3, 1),
        pain_after=(2, 0),
        per_week=2,
        observed=("Single-leg stance 30 s eyes closed on the left.",),
        said=("Back to netball training next week.",),
    ),
    "frozen_shoulder": Plan(
        items=(
            Rx("Pendulum swing", seconds=60, side="right"),
            Rx("Wall walk, shoulder", 2, 10, side="right"),
            Rx("Wand-assisted shoulder flexion", 2, 10),
            Rx("Band external rotation", 3, 12, side="right"),
            Rx("Open book rotation", 2, 10),
        ),
        pain_before=(5, 3),
        pain_after=(5, 3),
        per_week=2,
        observed=("Wall walk reached 2 cm higher than last week.",),
        said=("Can do up my bra again.", "Pain wakes me once a night."),
    ),
    "patellofemoral_pain": Plan(
        items=(
            Rx("Stationary bike", seconds=600),
            Rx("Wall sit", 3, start=None, seconds=45, rom="To 60 degrees"),
            Rx("Clamshell", 3, 15),
            Rx("Side-lying hip abduction", 3, 12, 0, 2),
            Rx("Leg press", 3, 12, 40, 65, rom="0-60 degrees"),
            Rx("Forward step-down", 3, 10, 0, 5, notes="15 cm step"),
        ),
        pain_before=(3, 1),
        pain_after=(3, 1),
        rpe=(5, 7),
        observed=("Knee tracks over second toe on step-down.",),
        said=("Stairs at school no longer hurt.", "Sore after a long car journey."),
    ),
    "cardiac_rehab_phase_3": Plan(
        items=(
            Rx("Treadmill walk", seconds=1200, notes="RPE 4-5; talk test"),
            Rx("Stationary bike", seconds=600),
            Rx("Sit-to-stand", 2, 12),
            Rx("Band row", 2, 12),
            Rx("Wall push-up", 2, 12),
            Rx("Farmer's carry", 2, start=8, end=14, seconds=40),
        ),
        pain_before=(0, 0),
        pain_after=(0, 0),
        per_week=2,
        rpe=(3, 5),
        observed=("HR 112 at the end of the treadmill walk; recovered to 80 in 2 minutes.",),
        said=("Gardening for an hour without getting breathless.",),
    ),
}

# Session days of the week (Monday is 0) and the hour it starts, for 2 and 3 a week.
DAYS = {2: (1, 3), 3: (0, 2, 4)}


def _round_load(value: float, light: bool) -> Decimal:
    step = Decimal("0.5") if light else Decimal("2.5")
    return (Decimal(str(value)) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def _load(rx: Rx, progress: float) -> Decimal | None:
    if rx.start is None:
        return None
    end = rx.end if rx.end is not None else rx.start
    light = max(rx.start, end) <= 5
    return _round_load(rx.start + (end - rx.start) * progress, light)


def _items(plan: Plan, progress: float, library: dict[str, Exercise], unit: str) -> list[ItemSpec]:
    return [
        ItemSpec(
            exercise=library[rx.name],
            sets=rx.sets,
            reps=rx.reps,
            load=_load(rx, progress),
            load_unit=unit,
            duration_seconds=rx.seconds,
            range_of_motion=rx.rom,
            side=rx.side,
            notes=rx.notes,
        )
        for rx in plan.items
    ]


def _session_days(start: dt.date, end: dt.date, per_week: int) -> list[dt.date]:
    days, day = [], start
    while day <= end:
        if day.weekday() in DAYS[per_week]:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _pain(rng: random.Random, start: float, end: float, progress: float, flare: bool) -> int:
    value = start + (end - start) * progress + rng.choice((-1, 0, 0, 0, 0, 1)) * (start > 0)
    if flare:
        value += 2
    return int(max(0, min(10, round(value))))


def _performed(
    rng: random.Random, items: list[ItemSpec], pain_during: int, flare: bool
) -> list[PerformedSpec]:
    done = []
    for item in items:
        sets_count = item.sets or (1 if item.reps or item.load is not None else 0)
        sets = [SetSpec(reps=item.reps, load=item.load) for _ in range(sets_count)]
        if sets and item.reps and rng.random() < 0.15:
            # The last set fell short: a couple of reps fewer.
            sets[-1] = SetSpec(reps=max(1, item.reps - rng.choice((2, 3))), load=item.load)
        if flare and item.load and sets:
            lighter = _round_load(float(item.load) * 0.8, float(item.load) <= 5)
            sets = [SetSpec(reps=s.reps, load=lighter) for s in sets]
        done.append(
            PerformedSpec(
                exercise=item.exercise,
                sets=sets,
                load_unit=item.load_unit,
                duration_seconds=item.duration_seconds,
                side=item.side,
                pain_during=max(0, pain_during - rng.choice((0, 1, 1, 2))),
            )
        )
    return done


def _at(day: dt.date, hour: int, tz: Any) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=tz)


def _seed_client(people: DemoPeople, client: Client, plan: Plan, today: dt.date) -> None:
    practice = people.practice
    tz = practice.tz
    library = {e.name: e for e in Exercise.objects.filter(practice=practice)}
    rng = random.Random(f"{client.first_name} {client.last_name}")  # noqa: S311 - demo data
    referral = Referral.objects.filter(client=client).order_by("-referral_date").first()
    referred = referral.referral_date if referral else today - dt.timedelta(weeks=6)
    # Sessions start a couple of days after the referral, no more than eight weeks back.
    first = max(referred + dt.timedelta(days=2), today - dt.timedelta(weeks=MAX_WEEKS))
    days = _session_days(first, today - dt.timedelta(days=1), plan.per_week)
    if not days:
        return
    span = max(1, (days[-1] - days[0]).days)
    unit = practice.units
    program = program_ensure(client=client)
    hour = 9 + rng.randrange(0, 8)
    # A new version every two weeks as the client progresses: loads rise in steps.
    versions: list[ProgramVersion] = []
    for n, day in enumerate(days):
        fortnight = (day - days[0]).days // 14
        if len(versions) <= fortnight:
            progress = min(1.0, fortnight * 14 / span)
            try:
                saved = program_save(
                    program=program,
                    actor=people.practitioner,
                    items=_items(plan, progress, library, unit),
                    reason=(
                        "Progressing: pain within limits, good form"
                        if versions
                        else "Initial program from the referral and first assessment"
                    ),
                    based_on_version=program.version,
                    at=_at(day, hour, tz) - dt.timedelta(hours=1),
                )
            except ValidationError:  # nothing to progress (a program of fixed loads)
                saved = versions[-1]
            versions.append(saved)
        version = versions[fortnight]
        items = [ItemSpec.from_row(row) for row in version.items.select_related("exercise")]
        progress = (day - days[0]).days / span
        week = (day - days[0]).days // 7 + 1
        flare = plan.flare_week == week and day.weekday() == DAYS[plan.per_week][0]
        before = _pain(rng, *plan.pain_before, progress, flare)
        after = _pain(rng, *plan.pain_after, progress, flare)
        during = min(10, max(before, after) + rng.choice((0, 1)))
        practitioner = people.practitioner if n % 4 else people.owner
        session_log(
            client=client,
            actor=practitioner,
            practitioner=practitioner,
            started_at=_at(day, hour + rng.choice((-1, 0, 0, 1)), tz),
            duration_minutes=rng.choice((45, 60, 60, 60)),
            pain_before=before,
            pain_during_max=during,
            pain_after=after,
            rpe=rng.randint(*plan.rpe),
            exercises=_performed(rng, items, during, flare),
            practitioner_observations=(
                rng.choice(plan.observed) if plan.observed and rng.random() < 0.35 else ""
            ),
            client_statements=rng.choice(plan.said) if plan.said and rng.random() < 0.4 else "",
            program_version=version,
        )


def seed(people: DemoPeople) -> None:
    practice = people.practice
    exercise_library_seed(practice=practice, actor=people.owner)
    today = timezone.localdate(timezone=practice.tz)
    for demo in DEMO_CLIENTS:
        plan = PLANS.get(demo.condition)
        client = Client.objects.filter(
            practice=practice, first_name=demo.first_name, last_name=demo.last_name
        ).first()
        if plan is None or client is None:
            continue
        if Program.objects.filter(client=client, version__gt=0).exists():
            continue
        _seed_client(people, client, plan, today)
