"""This app's part of `careloop demo`: a network with members of three practices and a
dozen threads a medical exercise professional would recognise.

The demo practice's owner (Dana) moderates; her practitioner Sam and two members of two
other demo practices (network only: they have no clients) take part. Every post goes
through the same services as a member's, identifier guard included. Demo members get
no e-mail (the demo reaches no mail server). Idempotent: a thread already there by its
title is left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from careloop.accounts.models import Membership, Practice, User
from careloop.demo.people import DEMO_PASSWORD, DemoPeople
from careloop.network.categories import ensure_default_categories
from careloop.network.models import Category, Member, Post, Thread
from careloop.network.services import (
    member_appoint,
    post_accept,
    post_helpful_toggle,
    reply_create,
    thread_create,
)

OTHER_PRACTICES = [
    # practice, time zone, e-mail, name, credentials, handle, specialties, country, region
    ("Harbour Post-Rehab", "America/New_York", "priya@demo-harbour.careloop.test",
     "Priya Shah", "MS, CSCS, CES", "priya", "ACL return to sport, shoulder", "US", "Maine"),
    ("Northside Movement Clinic", "Europe/Dublin", "tom@demo-northside.careloop.test",
     "Tom Reyes", "BSc, MES", "tom", "cardiac rehab, diabetes", "IE", "Leinster"),
]  # fmt: skip


@dataclass(frozen=True)
class Cast:
    dana: Member
    sam: Member
    priya: Member
    tom: Member


def _member(user: User, handle: str, **profile: Any) -> Member:
    member, _ = Member.objects.get_or_create(
        user=user,
        defaults={
            "handle": handle,
            "display_name": user.full_name,
            "credentials": user.credentials,
            "conduct_accepted_at": timezone.now(),
            "approved_posts": 3,
            "email_immediate": False,
            "digest": Member.Digest.NONE,
            **profile,
        },
    )
    return member


def _other_practice_member(row: tuple[str, ...]) -> Member:
    practice_name, tz, email, name, creds, handle, specialties, country, region = row
    practice = Practice.objects.filter(name=practice_name).first() or Practice.objects.create(
        name=practice_name, time_zone=tz
    )
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, DEMO_PASSWORD, full_name=name, credentials=creds
    )
    Membership.objects.get_or_create(
        user=user, practice=practice, defaults={"role": Membership.Role.OWNER}
    )
    return _member(
        user,
        handle,
        specialties=specialties,
        country=country,
        region=region,
        shown_practice_name=practice_name,
        verified_at=timezone.now(),
        verified_how="moderator",
    )


def _cast(people: DemoPeople) -> Cast:
    dana = _member(
        people.owner,
        "dana",
        specialties="post-op knee and hip, low back",
        country="GB",
        region="Yorkshire",
        shown_practice_name=people.practice.name,
        bio="Medical exercise specialist; I run a small post-rehab practice.",
    )
    if not dana.is_moderator:
        member_appoint(moderator=None, member=dana)
    sam = _member(people.practitioner, "sam", specialties="shoulder, older adults", country="GB")
    priya, tom = (_other_practice_member(row) for row in OTHER_PRACTICES)
    return Cast(dana=dana, sam=sam, priya=priya, tom=tom)


# (category slug, author, title, question?, tags, body, [(author, reply)], accepted reply index)
THREADS: list[tuple[str, str, str, bool, list[str], str, list[tuple[str, str]], int | None]] = [
    ("pain-after-a-session", "sam", "Client rings the next morning: knee 7/10 after step-ups", True,
     ["knee", "post-op"],
     "Eight weeks after a total knee replacement, cleared for progressive loading. We did "
     "3x10 step-ups on a 15 cm box yesterday; pain was 2/10 during. This morning she rates "
     "it 7/10 with some new warmth around the joint. **What would you do first?**",
     [("dana", "New warmth plus a jump from 2 to 7 is a pause-and-call for me, not a "
       "modify. I would stop loading that knee and contact the surgeon's team the same day."),
      ("priya", "Agree with @dana. Ask about calf pain and fever too, and document exactly "
       "what she reports, separately from what you observed in the session."),
      ("tom", "And book a follow-up call for 24 hours even if the surgeon answers quickly.")],
     0),
    ("working-with-physicians", "priya", "How do I write to an orthopaedic surgeon about a hold?",
     True, ["letters", "sbar"],
     "I have paused a client's program after a pain flare and want to ask the surgeon "
     "whether to continue. How do you keep it short enough that it gets read?",
     [("dana", "SBAR, one page: situation in two lines, the session's numbers, what you "
       "did (paused), and **one** clear question, e.g. *May we resume closed-chain work "
       "at the previous load?*"),
      ("sam", "Put the question in the subject line of the e-mail as well.")],
     0),
    ("post-op-knee-and-hip", "dana",
     "Hip precautions after a posterior approach: "
     "what do you still honour at 12 weeks?", False, ["hip", "post-op"],
     "Surgeons in our area differ a lot. Some lift all precautions at six weeks, some keep "
     "them to three months. What do your referrers ask for?",
     [("priya", "Ours mostly say 6 weeks, but I still avoid deep flexion with internal "
       "rotation under load until they say otherwise in writing."),
      ("tom", "Same here; I ask for it in the clearance letter so it is on file.")],
     None),
    ("spine", "tom", "Flexion intolerance: when do you reintroduce deadlifts?", True,
     ["low-back", "deadlift"],
     "Client with a history of flexion-intolerant low back pain, symptom-free for a month. "
     "Hip hinge with a dowel is clean. Next step?",
     [("dana", "Kettlebell deadlift from blocks, so the range is short, then lower the "
       "blocks over a few weeks. Watch the next-day response, not just the session."),
      ("sam", "I track a 0-10 next-morning rating for two weeks at each step.")],
     0),
    ("shoulder", "sam", "Rotator cuff repair, week 14: pain only on the way down from overhead",
     True, ["shoulder", "rotator-cuff"],
     "Eccentric phase of overhead press hurts (4/10), concentric is fine. Cleared for "
     "strengthening. Regress the range or the load?",
     [("priya", "Range first. Landmine press keeps the load while avoiding full elevation."),
      ("dana", "And slow the lowering down to 3 seconds at a lighter load, then reassess.")],
     0),
    ("cardiac-and-metabolic", "tom", "Interval ratios for clients in phase III cardiac rehab",
     False, ["cardiac", "intervals"],
     "What work:rest ratios do you start with after discharge from phase II? I use 1:2 at "
     "moderate intensity and progress the work interval.",
     [("priya", "1:2 as well, with RPE 12-13 on the work bouts for the first month."),
      ("dana", "We agree targets with the cardiac rehab team in the referral letter.")],
     None),
    ("cardiac-and-metabolic", "priya", "Hypoglycaemia plan for morning sessions", True,
     ["diabetes"],
     "A client on insulin trains fasted at 7 am. What is in your session-start checklist?",
     [("tom", "Glucose check before we start, fast carbohydrate within reach, and we do "
       "not start below the threshold agreed with the client's physician."),
      ("sam", "We also write the plan into the program notes so every practitioner "
       "follows the same one.")],
     0),
    ("practice-and-business", "dana", "How do you keep referrers informed without drowning them?",
     False, ["referrals"],
     "I send a short progress letter every six sessions and an SBAR only when something "
     "changes. Too much? Too little?",
     [("tom", "That is about what our GPs asked for when we surveyed them."),
      ("priya", "Our surgeons prefer a single line when nothing changed: *Progressing "
       "as planned, next review in 4 weeks*.")],
     None),
    ("cases", "priya", "Case: calf pain and breathlessness on a rest day", False,
     ["red-flags", "case"],
     "A client in his sixties, five weeks after a knee replacement, called on a rest day "
     "with a swollen, tender calf and new breathlessness on the stairs. We told him to "
     "call emergency services and informed the surgeon's team. Sharing as a reminder: "
     "the call came on a rest day, not after a session.",
     [("dana", "Thank you. A good reminder that the pain call protocol must work on rest "
       "days too."),
      ("sam", "We have added *any new breathlessness?* to every call script.")],
     None),
    ("pain-after-a-session", "tom", "DOMS or something else? Questions I ask on the phone",
     False, ["phone-calls"],
     "My list: where exactly, when did it start, what makes it worse, any swelling, "
     "warmth, numbness, fever, calf pain, breathlessness. What would you add?",
     [("priya", "Whether it is getting better or worse since the morning."),
      ("dana", "And whether they took anything for it, which changes what the rating means.")],
     None),
    ("working-with-physicians", "sam", "Clearance letters: what exactly should they say?", True,
     ["clearance", "letters"],
     "A physician cleared a client to *resume exercise* after a hold. Is that enough, or "
     "should I ask for limits?",
     [("dana", "Ask for what you need to act on: which movements, which loads, any "
       "ranges to avoid, and when to review. Record the answer as the clearance."),
      ("tom", "If the letter is vague, I phone and note the call in the record.")],
     0),
    ("post-op-knee-and-hip", "priya",
     "ACL reconstruction: hop testing criteria "
     "before return to sport", True, ["acl", "return-to-sport"],
     "What limb symmetry index do your surgeons want before cutting drills?",
     [("tom", "90% on the hop battery and the surgeon's written go-ahead."),
      ("dana", "Same, plus a quad strength test; we send the numbers in the progress letter.")],
     0),
]  # fmt: skip


def seed(people: DemoPeople) -> None:
    categories = {c.slug: c for c in ensure_default_categories()}
    cast = _cast(people)
    by_handle = {"dana": cast.dana, "sam": cast.sam, "priya": cast.priya, "tom": cast.tom}
    start = timezone.now() - dt.timedelta(days=len(THREADS) * 2)
    for index, row in enumerate(THREADS):
        slug, author, title, question, tags, body, replies, accepted = row
        if Thread.objects.filter(title=title).exists():
            continue
        when = start + dt.timedelta(days=index * 2)
        thread = _thread(categories[slug], by_handle[author], title, question, tags, body, when)
        posts = []
        for offset, (who, text) in enumerate(replies, start=1):
            posts.append(
                reply_create(
                    member=by_handle[who],
                    thread=thread,
                    body=text,
                    now=when + dt.timedelta(hours=offset * 3),
                )
            )
        _react(thread, posts, accepted, by_handle)


def _thread(
    category: Category,
    author: Member,
    title: str,
    question: bool,
    tags: list[str],
    body: str,
    when: dt.datetime,
) -> Thread:
    return thread_create(
        member=author,
        category=category,
        title=title,
        body=body,
        tags=tags,
        is_question=question,
        now=when,
    )


def _react(
    thread: Thread, posts: list[Post], accepted: int | None, by_handle: dict[str, Member]
) -> None:
    for post in posts:
        for member in by_handle.values():
            if member.pk not in {post.author_id, thread.author_id}:
                post_helpful_toggle(member=member, post=post)
                break
    if accepted is not None and posts:
        post_accept(member=thread.author, post=posts[accepted])
