"""This app's part of `careloop demo`: referral sources and about a dozen clients.

Idempotent: sources are found by name and clients by first and last name, so a second run
adds nothing. Dates are relative to today so post-operative windows look real. The
training seeder runs next and finds these clients by name through `DEMO_CLIENTS`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from careloop.clients import services
from careloop.clients.models import Client, ReferralSource, practice_today
from careloop.demo.people import DemoPeople


class DemoClient(NamedTuple):
    first_name: str
    last_name: str
    condition: str  # a stable key other seeders can branch on

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


DEMO_CLIENTS: list[DemoClient] = [
    DemoClient("Margaret", "Ellis", "tkr_right"),
    DemoClient("David", "Okonkwo", "rotator_cuff_left"),
    DemoClient("Chloe", "Brennan", "acl_reconstruction"),
    DemoClient("Robert", "Haines", "chronic_low_back_pain"),
    DemoClient("Susan", "Patel", "hip_osteoarthritis"),
    DemoClient("James", "Whitaker", "achilles_tendinopathy"),
    DemoClient("Linda", "Moreau", "thr_left"),
    DemoClient("Peter", "Lindqvist", "lumbar_fusion"),
    DemoClient("Aisha", "Rahman", "ankle_sprain"),
    DemoClient("Helen", "Kowalski", "frozen_shoulder"),
    DemoClient("Tom", "Fitzgerald", "patellofemoral_pain"),
    DemoClient("George", "Adeyemi", "cardiac_rehab_phase_3"),
]

SOURCES: dict[str, dict[str, Any]] = {
    "hartley": {
        "name": "Mr Edward Hartley",
        "credentials": "MB BS, FRCS (Tr&Orth)",
        "kind": ReferralSource.Kind.SURGEON,
        "specialty": "Orthopaedic surgery: hip and knee",
        "organisation": "Riverside Orthopaedic Centre",
        "phone": "+44 20 7946 0210",
        "fax": "+44 20 7946 0211",
        "email": "e.hartley@riverside-ortho.test",
        "address": "Riverside Orthopaedic Centre\n3 Bridge Street\nRiverside, RS2 7QT",
        "preferred_channel": ReferralSource.Channel.EMAIL,
    },
    "chen": {
        "name": "Ms Laura Chen",
        "credentials": "MB ChB, FRCS (Orth)",
        "kind": ReferralSource.Kind.SURGEON,
        "specialty": "Orthopaedic surgery: shoulder and upper limb",
        "organisation": "St Aidan's Hospital",
        "phone": "+44 20 7946 0330",
        "fax": "+44 20 7946 0331",
        "email": "l.chen@staidans.test",
        "address": "Upper Limb Unit, St Aidan's Hospital\nHospital Road\nRiverside, RS4 1AA",
        "preferred_channel": ReferralSource.Channel.FAX,
    },
    "osei": {
        "name": "Dr Kwame Osei",
        "credentials": "MBBS, MSc SEM, FFSEM",
        "kind": ReferralSource.Kind.PHYSICIAN,
        "specialty": "Sport and exercise medicine",
        "organisation": "Riverside Sports Medicine Clinic",
        "phone": "+44 20 7946 0450",
        "email": "k.osei@riverside-sem.test",
        "address": "Riverside Sports Medicine Clinic\n18 Stadium Way\nRiverside, RS3 9LP",
        "preferred_channel": ReferralSource.Channel.EMAIL,
    },
    "morgan": {
        "name": "Rhys Morgan",
        "credentials": "MCSP, BSc (Hons) Physiotherapy",
        "kind": ReferralSource.Kind.PHYSICAL_THERAPIST,
        "specialty": "Musculoskeletal physiotherapy",
        "organisation": "Millbrook Physiotherapy",
        "phone": "+44 20 7946 0560",
        "email": "rhys@millbrook-physio.test",
        "address": "Millbrook Physiotherapy\n7 Mill Lane\nRiverside, RS1 4AD",
        "preferred_channel": ReferralSource.Channel.EMAIL,
    },
    "santos": {
        "name": "Ana Santos",
        "credentials": "DPT, OCS",
        "kind": ReferralSource.Kind.PHYSICAL_THERAPIST,
        "specialty": "Spine and post-operative rehabilitation",
        "organisation": "Riverside Spine & Rehab",
        "phone": "+44 20 7946 0670",
        "fax": "+44 20 7946 0671",
        "email": "a.santos@riverside-spine.test",
        "address": "Riverside Spine & Rehab\n55 Canal Street\nRiverside, RS2 3EX",
        "preferred_channel": ReferralSource.Channel.PHONE,
    },
    "wallace": {
        "name": "Dr Fiona Wallace",
        "credentials": "MB ChB, MRCGP",
        "kind": ReferralSource.Kind.PHYSICIAN,
        "specialty": "General practice",
        "organisation": "Elm Tree Surgery",
        "phone": "+44 20 7946 0780",
        "fax": "+44 20 7946 0781",
        "email": "elmtree.referrals@nhs-demo.test",
        "address": "Elm Tree Surgery\n2 Elm Tree Road\nRiverside, RS5 6HN",
        "preferred_channel": ReferralSource.Channel.POST,
    },
    "iyer": {
        "name": "Dr Meera Iyer",
        "credentials": "MD, FRCP",
        "kind": ReferralSource.Kind.PHYSICIAN,
        "specialty": "Cardiology (cardiac rehabilitation)",
        "organisation": "Riverside Heart Centre",
        "phone": "+44 20 7946 0890",
        "email": "cardiac.rehab@riverside-heart.test",
        "address": "Cardiac Rehabilitation, Riverside Heart Centre\nRiverside, RS4 1AB",
        "preferred_channel": ReferralSource.Channel.EMAIL,
    },
}

CONSENT_SCOPE = (
    "Session, program and pain information may be shared with the referring clinician and "
    "my GP, by e-mail, fax or letter."
)


def _client_data(today: dt.date) -> dict[str, dict[str, Any]]:
    """Per condition: who the client is, the referral as written, and the consent case.
    `surgery_days_ago`/`referral_days_ago` are relative to today; `consent` is "current",
    "expired" or None (none on file)."""

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    return {
        "tkr_right": {
            "client": {
                "date_of_birth": dt.date(1955, 3, 14),
                "sex": "female",
                "phone": "07700 900101",
                "emergency": ("John Ellis (husband)", "07700 900102"),
            },
            "source": "hartley",
            "referral": {
                "referral_date": ago(38),
                "reason": "S/P R TKA 6/52. Please commence progressive strengthening and ROM. "
                "Wound healed, staples out.",
                "diagnosis": "Primary OA R knee - R TKR",
                "region": "knee_right",
                "surgery_procedure": "Total knee replacement",
                "surgery_region": "knee_right",
                "surgery_days": 45,
                "precautions": "No kneeling for 12 weeks. Avoid deep squat beyond 90° flexion "
                "until review at 12/52.",
                "contraindications": "No impact or running.",
                "valid_days": 120,
                "visits_authorised": 16,
            },
            "consent": "current",
        },
        "rotator_cuff_left": {
            "client": {
                "date_of_birth": dt.date(1968, 9, 2),
                "sex": "male",
                "phone": "07700 900111",
                "emergency": ("Grace Okonkwo (wife)", "07700 900112"),
            },
            "source": "chen",
            "referral": {
                "referral_date": ago(32),
                "reason": "L arthroscopic RCR (supraspinatus, medium tear) 8/52 ago. Sling "
                "discontinued. Progress AROM then strengthening as per protocol.",
                "diagnosis": "Full-thickness supraspinatus tear L shoulder, repaired",
                "region": "shoulder_left",
                "surgery_procedure": "Arthroscopic rotator-cuff repair",
                "surgery_region": "shoulder_left",
                "surgery_days": 58,
                "precautions": "Avoid overhead loading until week 12. No resisted abduction "
                "above 90°.",
                "contraindications": "No lifting > 2 kg with L arm until 12/52.",
                "valid_days": 90,
                "visits_authorised": 12,
            },
            "consent": "current",
        },
        "acl_reconstruction": {
            "client": {
                "date_of_birth": dt.date(1999, 6, 21),
                "sex": "female",
                "phone": "07700 900121",
                "emergency": ("Mary Brennan (mother)", "07700 900122"),
            },
            "source": "osei",
            "referral": {
                "referral_date": ago(34),
                "reason": "R ACL reconstruction (hamstring graft) 4 months post-op. Cleared "
                "for gym-based strengthening; progress toward return-to-sport testing.",
                "diagnosis": "R ACL rupture (netball), reconstructed",
                "region": "knee_right",
                "surgery_procedure": "ACL reconstruction, hamstring autograft",
                "surgery_region": "knee_right",
                "surgery_days": 122,
                "precautions": "No cutting/pivoting or plyometrics until cleared at 6/12 "
                "review. Open-chain knee extension only 90-45°.",
                "contraindications": "",
                "valid_days": 120,
                "visits_authorised": 20,
            },
            "consent": "current",
        },
        "chronic_low_back_pain": {
            "client": {
                "date_of_birth": dt.date(1972, 11, 30),
                "sex": "male",
                "phone": "07700 900131",
                "emergency": ("Karen Haines", "07700 900132"),
            },
            "source": "wallace",
            "referral": {
                "referral_date": ago(52),
                "reason": "Non-specific chronic LBP > 12 months. No red flags. Please see "
                "for graded exercise programme.",
                "diagnosis": "Mechanical low back pain",
                "region": "lower_back",
                "precautions": "Avoid sustained end-range lumbar flexion under load in the "
                "first 4 weeks.",
                "contraindications": "",
                "valid_days": 180,
                "visits_authorised": None,
            },
            # Deliberately none on file: letters must refuse to send for him.
            "consent": None,
        },
        "hip_osteoarthritis": {
            "client": {
                "date_of_birth": dt.date(1958, 1, 8),
                "sex": "female",
                "phone": "07700 900141",
                "emergency": ("Raj Patel (son)", "07700 900142"),
            },
            "source": "wallace",
            "referral": {
                "referral_date": ago(60),
                "reason": "L hip OA (moderate on XR). Wishes to defer surgery. For "
                "strengthening, weight management and walking tolerance.",
                "diagnosis": "Osteoarthritis L hip",
                "region": "hip_left",
                "precautions": "Keep impact low; stop if groin pain > 5/10 on walking.",
                "contraindications": "",
                "valid_days": 180,
                "visits_authorised": 10,
            },
            # Signed last year and lapsed: the product should say "expired".
            "consent": "expired",
        },
        "achilles_tendinopathy": {
            "client": {
                "date_of_birth": dt.date(1984, 4, 17),
                "sex": "male",
                "phone": "07700 900151",
                "emergency": ("Sophie Whitaker", "07700 900152"),
            },
            "source": "osei",
            "referral": {
                "referral_date": ago(35),
                "reason": "R mid-portion Achilles tendinopathy, 5 months. Please progress "
                "loading programme (Silbernagel). Pain monitoring model, up to 5/10 acceptable.",
                "diagnosis": "R mid-portion Achilles tendinopathy",
                "region": "ankle_foot_right",
                "precautions": "Pain during loading up to 5/10 acceptable if settled by next "
                "morning. No running until hopping pain-free.",
                "contraindications": "",
                "valid_days": 120,
                "visits_authorised": 12,
            },
            "consent": "current",
        },
        "thr_left": {
            "client": {
                "date_of_birth": dt.date(1950, 7, 25),
                "sex": "female",
                "phone": "07700 900161",
                "emergency": ("Claire Moreau (daughter)", "07700 900162"),
            },
            "source": "hartley",
            "referral": {
                "referral_date": ago(36),
                "reason": "L THR (posterior approach) 7/52. Mobilising with one stick. "
                "Please progress strength, gait and balance.",
                "diagnosis": "L THR for OA",
                "region": "hip_left",
                "surgery_procedure": "Total hip replacement, posterior approach",
                "surgery_region": "hip_left",
                "surgery_days": 50,
                "precautions": "Posterior hip precautions until 12/52: no hip flexion beyond "
                "90°, no adduction past midline, no internal rotation.",
                "contraindications": "No crossing legs. No low seats.",
                "valid_days": 120,
                "visits_authorised": 16,
            },
            "consent": "current",
        },
        "lumbar_fusion": {
            "client": {
                "date_of_birth": dt.date(1963, 12, 3),
                "sex": "male",
                "phone": "07700 900171",
                "emergency": ("Ingrid Lindqvist", "07700 900172"),
            },
            "source": "santos",
            "referral": {
                "referral_date": ago(34),
                "reason": "L4-5 posterolateral fusion 4/12 ago. Completed outpatient PT. "
                "Please continue core endurance and general conditioning.",
                "diagnosis": "Degenerative spondylolisthesis L4/5, s/p fusion",
                "region": "lower_back",
                "surgery_procedure": "L4-L5 posterolateral fusion",
                "surgery_region": "lower_back",
                "surgery_days": 125,
                "precautions": "No loaded spinal flexion or twisting. Lifting limit 10 kg "
                "until 6/12 review.",
                "contraindications": "No high-impact activity.",
                "valid_days": 90,
                "visits_authorised": 12,
            },
            "consent": "current",
        },
        "ankle_sprain": {
            "client": {
                "date_of_birth": dt.date(1995, 2, 11),
                "sex": "female",
                "phone": "07700 900181",
                "emergency": ("Omar Rahman", "07700 900182"),
            },
            "source": "morgan",
            "referral": {
                "referral_date": ago(32),
                "reason": "Grade II lat ankle sprain L, 6/52. Discharged from physio; "
                "please continue proprioceptive and strength work, return to 5-a-side.",
                "diagnosis": "Grade II ATFL sprain L ankle",
                "region": "ankle_foot_left",
                "precautions": "Brace for cutting drills until week 10.",
                "contraindications": "",
                "valid_days": 60,
                "visits_authorised": 8,
            },
            "consent": "current",
        },
        "frozen_shoulder": {
            "client": {
                "date_of_birth": dt.date(1966, 5, 29),
                "sex": "female",
                "phone": "07700 900191",
                "emergency": ("Adam Kowalski", "07700 900192"),
            },
            "source": "morgan",
            "referral": {
                "referral_date": ago(40),
                "reason": "R adhesive capsulitis, thawing phase. Please maintain ROM gains "
                "and build strength. Stay within tolerance.",
                "diagnosis": "Adhesive capsulitis R shoulder",
                "region": "shoulder_right",
                "precautions": "Stretch into mild discomfort only (no more than 3/10). No "
                "forced end-range.",
                "contraindications": "",
                "valid_days": 120,
                "visits_authorised": 10,
            },
            "consent": "current",
        },
        "patellofemoral_pain": {
            "client": {
                "date_of_birth": dt.date(2003, 8, 14),
                "sex": "male",
                "phone": "07700 900201",
                "emergency": ("Niamh Fitzgerald", "07700 900202"),
            },
            "source": "osei",
            "referral": {
                "referral_date": ago(31),
                "reason": "Bilateral anterior knee pain on stairs and running (L > R). "
                "Hip and quads strengthening please.",
                "diagnosis": "Patellofemoral pain syndrome",
                "region": "knee_left",
                "precautions": "Keep knee pain ≤ 3/10 during exercise; avoid deep loaded "
                "knee flexion for now.",
                "contraindications": "",
                "valid_days": 90,
                "visits_authorised": 8,
            },
            "consent": "current",
        },
        "cardiac_rehab_phase_3": {
            "client": {
                "date_of_birth": dt.date(1957, 10, 6),
                "sex": "male",
                "phone": "07700 900211",
                "emergency": ("Funmi Adeyemi (wife)", "07700 900212"),
            },
            "source": "iyer",
            "referral": {
                "referral_date": ago(33),
                "reason": "Phase III cardiac rehab following NSTEMI and PCI (LAD stent) 10/52 "
                "ago. Completed phase II. LVEF 50%. Target HR 100-120 bpm, RPE 11-13.",
                "diagnosis": "NSTEMI, s/p PCI to LAD",
                "region": "chest",
                "precautions": "Keep to RPE 11-13 (Borg 6-20) and HR below 125 bpm. Extended "
                "warm-up and cool-down (10 min).",
                "contraindications": "Stop and seek help for chest pain, undue breathlessness "
                "or dizziness. No isometric straining / breath-holding.",
                "valid_days": 90,
                "visits_authorised": 24,
            },
            "consent": "current",
        },
    }


def _source_for(people: DemoPeople, key: str) -> ReferralSource:
    fields = SOURCES[key]
    source = ReferralSource.objects.filter(practice=people.practice, name=fields["name"]).first()
    if source is None:
        source = services.referral_source_create(
            practice=people.practice, actor=people.owner, **fields
        )
    return source


def seed(people: DemoPeople) -> None:
    practice = people.practice
    today = practice_today(practice)
    sources = {key: _source_for(people, key) for key in SOURCES}
    data = _client_data(today)
    for demo in DEMO_CLIENTS:
        if Client.objects.filter(
            practice=practice, first_name=demo.first_name, last_name=demo.last_name
        ).exists():
            continue
        spec = data[demo.condition]
        person = spec["client"]
        contact_name, contact_phone = person["emergency"]
        ref = dict(spec["referral"])
        surgery_days = ref.pop("surgery_days", None)
        valid_days = ref.pop("valid_days")
        ref["surgery_date"] = today - dt.timedelta(days=surgery_days) if surgery_days else None
        ref["valid_until"] = ref["referral_date"] + dt.timedelta(days=valid_days)
        ref.setdefault("surgery_procedure", "")
        ref.setdefault("surgery_region", "")
        email_name = f"{demo.first_name}.{demo.last_name}".lower()
        client = services.client_create(
            practice=practice,
            actor=people.practitioner,
            client_fields={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "date_of_birth": person["date_of_birth"],
                "sex": person["sex"],
                "phone": person["phone"],
                "email": f"{email_name}@example.com",
                "emergency_contact_name": contact_name,
                "emergency_contact_phone": contact_phone,
                "primary_practitioner": people.practitioner,
            },
            referral_fields={"source": sources[spec["source"]], **ref},
        )
        _seed_consent(people, client, spec["consent"], ref["referral_date"], today)


def _seed_consent(
    people: DemoPeople, client: Client, case: str | None, referral_date: dt.date, today: dt.date
) -> None:
    if case is None:
        return
    if case == "expired":
        given = today - dt.timedelta(days=400)
        services.consent_record(
            client=client,
            actor=people.owner,
            given_on=given,
            expires_on=given + dt.timedelta(days=365),
            scope=CONSENT_SCOPE,
        )
        return
    services.consent_record(
        client=client,
        actor=people.practitioner,
        given_on=min(referral_date + dt.timedelta(days=3), today),
        expires_on=referral_date + dt.timedelta(days=365),
        scope=CONSENT_SCOPE,
    )
