"""Seeded workspaces at the sizes of issue 14, for the benchmarks.

Three kinds, each a SQLite workspace file:

- ``sample``: the sample convening the app ships (what "Load the sample" imports);
- ``medium``: 50 events over a 5,000-person directory, 1,000 notes each;
- ``big``: 200 events over a 20,000-person directory, one of them big
  (2,000 participants, 300 sessions, 10,000 notes, 12 themes, 300 featured).

The data is made as event bundles (the published contract) and imported with
the app's own :func:`~workshop_planner.services.bundle.import_bundle`, so the
rows are exactly what a user's imports would write. A built workspace is kept
in a cache folder keyed by kind, seed, generator version and schema revision;
:func:`build` copies it, so only the first run pays for building.

Usage: python benchmarks/scale_data.py [sample|medium|big ...] [--folder DIR] [--seed N]
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from workshop_planner.services.bundle import import_bundle, load_sample_event
from workshop_planner.store import open_workspace
from workshop_planner.store.migrations import head_revision

KINDS = ("sample", "medium", "big")
SEED = 14
#: bump when the generated data changes, so cached workspaces are rebuilt
GENERATOR_VERSION = 2
CACHE_ENV = "WORKSHOP_PLANNER_SCALE_CACHE"

FORMAT = "workshop-planner/event-bundle"
_NAMESPACE = uuid.UUID("6f1d2c1e-14b1-4c0a-9e5e-5ca1ed0a7a14")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_FIRST = _words(
    "Ana Ben Chloé Dariusz Elif Farid Greta Hiro Ines Jonas Kasia Lars Maya Nikolai Olu "
    "Priya Quentin Rosa Samir Tamar Uma Viktor Wanjiru Xavier Yara Zoltán Amara Bruno "
    "Carmen Dmitri Eva Felipe Gabriela Hassan Ingrid Jamal Keiko Luca Mariam Noor"
)
#: surnames are made of two syllables (3,000 of them, a handful per person), as in a
#: real directory: a name pool of a few dozen surnames would make every mention
#: of one a candidate for hundreds of people, which no real network has
_ONSETS = _words(
    "Al Bar Cas Du Er Fis Gar Had Iva Jan Kow Lind Mor Now Oka Pet Quin Ros Sch Tan "
    "Ue Var Web Xu Yil Zim Abe Bren Cos Dim Ek Fon Gul Hof Ibr Jov Kar Lop Mar Nak "
    "Oli Pia Rad Sar Tor Urb Vel Wal Yam Zel"
)
_CODAS = _words(
    "meida uer tillo bois iksen cher cía dad nova sen alski qvist eau ak for rov nn "
    "si midt aka eda ga er man dar ko ssi ov berg elli ez oglu ić escu ardt ovic"
    " ström aki ani enko"
)
_CITIES = (
    ("Berlin", "DE"),
    ("Warsaw", "PL"),
    ("Budapest", "HU"),
    ("Lyon", "FR"),
    ("Edmonton", "CA"),
    ("Denver", "US"),
    ("Nairobi", "KE"),
    ("Lisbon", "PT"),
    ("Oslo", "NO"),
    ("Mumbai", "IN"),
)
_SECTORS = ("local_government", "civil_society", "research", "international", "private_sector")
_ROLES = ("participant", "speaker", "moderator", "panelist", "organiser", "observer")
_ATTENDANCE = ("invited", "registered", "confirmed", "attended", "declined")
_SESSION_KINDS = ("keynote", "panel", "workshop", "plenary", "breakout", "field_visit")
_NOTE_KINDS = (
    "observation",
    "observation",
    "observation",
    "quote",
    "threat",
    "challenge",
    "need",
    "case_study",
    "example",
    "recommendation",
    "next_step",
    "resource",
)
_WORDS = _words(
    "residents trust council mayors hate extremism cohesion youth schools police housing "
    "migrants funding partners neighbourhood dialogue safety online harassment "
    "volunteers strategy prevention data evaluation mediation faith groups libraries "
    "sport culture"
)


@dataclass(frozen=True)
class EventSize:
    participants: int
    sessions: int
    notes: int
    themes: int
    featured: int


#: the event the issue's import, export and report figures are about
BIG_EVENT = EventSize(participants=2000, sessions=300, notes=10_000, themes=12, featured=300)
#: the event of the merge figure: 5,000 notes, every one newer the second time
MERGE_EVENT = EventSize(participants=500, sessions=60, notes=5000, themes=8, featured=150)
_MEDIUM_EVENT = EventSize(participants=100, sessions=30, notes=1000, themes=6, featured=40)
_SMALL_EVENT = EventSize(participants=60, sessions=12, notes=50, themes=3, featured=10)


# --- ids, stamps and words ------------------------------------------------------------


def stable_id(*parts: object) -> str:
    """The same UUID for the same parts, in every run."""
    return str(uuid.uuid5(_NAMESPACE, "/".join(map(str, parts))))


def big_event_id(seed: int = SEED) -> str:
    """The id of the big event in the ``big`` workspace."""
    return stable_id(seed, "big", "event", 0)


def merge_event_id(seed: int = SEED) -> str:
    return stable_id(seed, "merge", "event", 0)


def _instant(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


# --- the directory ----------------------------------------------------------------------


@dataclass(frozen=True)
class Directory:
    organisations: list[dict[str, Any]]
    people: list[dict[str, Any]]


def make_directory(rng: random.Random, scope: str, people: int) -> Directory:
    stamp = "2024-01-10T09:00:00Z"
    organisations = []
    for i in range(max(10, people // 40)):
        city, country = _CITIES[i % len(_CITIES)]
        organisations.append(
            {
                "id": stable_id(scope, "organisation", i),
                "name": f"{city} {rng.choice(('Council', 'Forum', 'Institute', 'Network'))} {i}",
                "sector": _SECTORS[i % len(_SECTORS)],
                "city": city,
                "country": country,
                "website": f"https://org{i}.example.org",
                "updated_at": stamp,
            }
        )
    directory = []
    for i in range(people):
        city, country = _CITIES[rng.randrange(len(_CITIES))]
        first = rng.choice(_FIRST)
        last = rng.choice(_ONSETS) + rng.choice(_CODAS).lower()
        directory.append(
            {
                "id": stable_id(scope, "person", i),
                "full_name": f"{first} {last}",
                "job_title": rng.choice(("Mayor", "Adviser", "Researcher", "Director", None)),
                "organisation": organisations[rng.randrange(len(organisations))]["id"],
                "city": city,
                "country": country,
                "email": f"person{i}@example.org",
                "consent_to_name": rng.random() < 0.7,
                "updated_at": stamp,
            }
        )
    return Directory(organisations, directory)


# --- one event --------------------------------------------------------------------------


def make_event_bundle(
    rng: random.Random,
    event_id: str,
    title: str,
    size: EventSize,
    directory: Directory,
    *,
    start: date,
    extra_people: bool = False,
) -> dict[str, Any]:
    """A valid bundle of one event of ``size`` over people of ``directory``.

    ``extra_people`` puts the whole directory in the bundle (how the directory
    itself gets into a workspace); otherwise it carries the people it uses.
    """
    days = 3
    updated = _instant(datetime.combine(start, datetime.min.time()) + timedelta(days=days + 5))
    chosen = rng.sample(directory.people, min(size.participants, len(directory.people)))
    participants = [
        {
            "id": stable_id(event_id, "participant", i),
            "person": person["id"],
            "roles": [_ROLES[i % len(_ROLES)]],
            "attendance": _ATTENDANCE[i % len(_ATTENDANCE)],
            "requirements": "Vegetarian" if i % 9 == 0 else None,
            "notes": None,
            "updated_at": updated,
        }
        for i, person in enumerate(chosen)
    ]
    sessions = []
    per_day = max(1, -(-size.sessions // days))
    for i in range(size.sessions):
        day, slot = divmod(i, per_day)
        begin = datetime.combine(start + timedelta(days=day), datetime.min.time()) + timedelta(
            hours=8, minutes=(slot * 30) % (12 * 60)
        )
        kind = _SESSION_KINDS[i % len(_SESSION_KINDS)]
        speakers = [chosen[(i * 3 + k) % len(chosen)]["id"] for k in range(2)]
        sessions.append(
            {
                "id": stable_id(event_id, "session", i),
                "title": f"Session {i + 1}: {_sentence(rng, 4)[:-1]}",
                "kind": kind,
                "start": begin.strftime("%Y-%m-%dT%H:%M"),
                "end": (begin + timedelta(minutes=45)).strftime("%Y-%m-%dT%H:%M"),
                "location": f"Room {i % 12 + 1}",
                "description": _sentence(rng, 12),
                "people": [
                    {"person": speakers[0], "role": "speaker"},
                    {"person": speakers[1], "role": "moderator"},
                ],
                "field_visit": (
                    {
                        "site": "Community centre",
                        "host_organisation": "City of the event",
                        "address": "Main street 1",
                        "meeting_point": "Lobby",
                        "transport": "Tram",
                        "capacity": 30,
                        "attendees": [chosen[(i + k) % len(chosen)]["id"] for k in range(5)],
                    }
                    if kind == "field_visit"
                    else None
                ),
                "updated_at": updated,
            }
        )
    themes = [
        {
            "id": stable_id(event_id, "theme", i),
            "position": i + 1,
            "title": f"Theme {i + 1}: {_sentence(rng, 3)[:-1]}",
            "key_message": _sentence(rng, 14),
            "summary": _sentence(rng, 30),
            "body": "\n\n".join(_sentence(rng, 40) for _ in range(3)),
            "updated_at": updated,
        }
        for i in range(size.themes)
    ]
    featured = set(rng.sample(range(size.notes), size.featured))
    notes = [
        _note(rng, event_id, i, i in featured, chosen, sessions, themes, start, updated)
        for i in range(size.notes)
    ]
    used = {p["person"] for p in participants}
    for s in sessions:
        used.update(link["person"] for link in s["people"])
    people = (
        directory.people
        if extra_people
        else [person for person in directory.people if person["id"] in used]
    )
    organisation_ids = {p["organisation"] for p in people}
    return {
        "format": FORMAT,
        "version": 1,
        "exported_at": updated,
        "event": {
            "id": event_id,
            "label": "Event Report",
            "series": "Scale series",
            "title": title,
            "subtitle": _sentence(rng, 10),
            "convenor": "Strong Cities Network",
            "description": _sentence(rng, 40),
            "venue": {
                "name": "City Hall",
                "address": "Main square 1",
                "city": "Berlin",
                "country": "DE",
            },
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=days - 1)).isoformat(),
            "timezone": "Europe/Berlin",
            "language": "en",
            "report": {
                "template": "event-report",
                "sections": [
                    "summary",
                    "threats",
                    "themes",
                    "next_steps",
                    "resources",
                    "partners",
                    "contacts",
                ],
                "overrides": {
                    "summary_opening": None,
                    "threats_intro": None,
                    "next_steps": None,
                    "closing": None,
                },
            },
            "updated_at": updated,
        },
        "organisations": [o for o in directory.organisations if o["id"] in organisation_ids],
        "people": people,
        "participants": participants,
        "sessions": sessions,
        "themes": themes,
        "notes": notes,
        "partners": [
            {
                "id": stable_id(event_id, "partner", i),
                "name": f"Partner {i + 1}",
                "role": "partner",
                "url": f"https://partner{i}.example.org",
                "logo": None,
                "acknowledgement": _sentence(rng, 12),
                "updated_at": updated,
            }
            for i in range(3)
        ],
        "contacts": [
            {
                "id": stable_id(event_id, "contact", 0),
                "name": chosen[0]["full_name"],
                "role": "Programme lead",
                "organisation": "Strong Cities Network",
                "email": "contact@example.org",
                "updated_at": updated,
            }
        ],
        "assets": [],
    }


def _note(
    rng: random.Random,
    event_id: str,
    i: int,
    featured: bool,
    people: list[dict[str, Any]],
    sessions: list[dict[str, Any]],
    themes: list[dict[str, Any]],
    start: date,
    updated: str,
) -> dict[str, Any]:
    kind = _NOTE_KINDS[i % len(_NOTE_KINDS)]
    person = people[rng.randrange(len(people))]
    # one note in five names someone, as the report's mention check must find
    text = _sentence(rng, rng.randrange(8, 40))
    if i % 5 == 0:
        text = f"{person['full_name']} said: {text}"
    session = sessions[i % len(sessions)] if sessions else None
    captured = datetime.combine(start, datetime.min.time()) + timedelta(hours=8, seconds=i * 7)
    note: dict[str, Any] = {
        "id": stable_id(event_id, "note", i),
        "kind": kind,
        "text": text,
        "author": f"Note-taker {i % 4 + 1}",
        "captured_at": _instant(captured),
        "session": session["id"] if session else None,
        "themes": [themes[i % len(themes)]["id"]] if themes and kind != "resource" else [],
        "featured": featured,
        "position": i % 50,
    }
    if kind == "quote":
        note["quote"] = {
            "speaker": person["id"],
            "name": None,
            "job_title": None,
            "organisation": None,
            "city": None,
            "country": None,
            "attribution": ("named", "by_origin", "anonymous")[i % 3],
        }
    elif kind == "case_study":
        city, country = _CITIES[i % len(_CITIES)]
        note["case_study"] = {
            "title": f"City of {city}",
            "city": city,
            "country": country,
            "challenge": _sentence(rng, 30),
            "approach": "\n".join(f"{k}. {_sentence(rng, 10)}" for k in range(1, 4)),
            "impact": _sentence(rng, 25),
            "url": f"https://{city.lower()}.example.org",
        }
    elif kind == "example":
        city, country = _CITIES[i % len(_CITIES)]
        note["example"] = {
            "label": _sentence(rng, 5)[:-1],
            "city": city,
            "country": country,
            "url": "https://example.org",
        }
    elif kind == "resource":
        note["resource"] = {
            "title": _sentence(rng, 8)[:-1],
            "publisher": "Strong Cities Network",
            "url": "https://example.org/resource",
        }
    note["updated_at"] = updated
    return note


def newer_notes(bundle: dict[str, Any], *, text: bool = True) -> dict[str, Any]:
    """A copy of ``bundle`` in which every note was edited a day later.

    With ``text`` each note's wording changed too, so a merge keeps the old
    wording in the note's history, as it would after real edits.
    """
    out = copy.deepcopy(bundle)
    for note in out["notes"]:
        stamp = datetime.fromisoformat(note["updated_at"].replace("Z", "+00:00"))
        note["updated_at"] = _instant(stamp + timedelta(days=1))
        if text:
            note["text"] = note["text"] + " (edited)"
    return out


# --- the workspaces ---------------------------------------------------------------------


def big_event_bundle(seed: int = SEED) -> dict[str, Any]:
    """The big event's bundle (without the rest of the directory)."""
    rng = random.Random(f"{seed}/big")
    directory = make_directory(rng, f"{seed}/big", 20_000)
    return make_event_bundle(
        random.Random(f"{seed}/big/event"),
        big_event_id(seed),
        "The big convening",
        BIG_EVENT,
        directory,
        start=date(2025, 5, 12),
    )


def merge_event_bundle(seed: int = SEED) -> dict[str, Any]:
    """A 5,000-note event for the merge figure (import it, then :func:`newer_notes`)."""
    rng = random.Random(f"{seed}/merge")
    directory = make_directory(rng, f"{seed}/merge", MERGE_EVENT.participants * 2)
    return make_event_bundle(
        random.Random(f"{seed}/merge/event"),
        merge_event_id(seed),
        "The merge convening",
        MERGE_EVENT,
        directory,
        start=date(2025, 3, 3),
    )


def _event_bundles(kind: str, seed: int) -> Iterator[dict[str, Any]]:
    """Every bundle that makes the workspace of ``kind``, in import order."""
    if kind == "medium":
        rng = random.Random(f"{seed}/medium")
        directory = make_directory(rng, f"{seed}/medium", 5000)
        for i in range(50):
            yield make_event_bundle(
                rng,
                stable_id(seed, "medium", "event", i),
                f"Medium convening {i + 1}",
                _MEDIUM_EVENT,
                directory,
                start=date(2021, 1, 4) + timedelta(weeks=4 * i),
                extra_people=i == 0,
            )
    elif kind == "big":
        rng = random.Random(f"{seed}/big")
        directory = make_directory(rng, f"{seed}/big", 20_000)
        for i in range(1, 200):
            yield make_event_bundle(
                rng,
                stable_id(seed, "big", "event", i),
                f"Convening {i}",
                _SMALL_EVENT,
                directory,
                start=date(2018, 1, 8) + timedelta(weeks=2 * i),
                extra_people=i == 1,
            )
        yield big_event_bundle(seed)
    else:
        raise ValueError(f"unknown workspace kind {kind!r}; expected one of {', '.join(KINDS)}")


def cache_folder() -> Path:
    folder = Path(os.environ.get(CACHE_ENV) or Path(tempfile.gettempdir()) / "wp-scale-cache")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _cached_path(kind: str, seed: int) -> Path:
    return cache_folder() / f"{kind}-s{seed}-g{GENERATOR_VERSION}-{head_revision()}.sqlite3"


def _make(kind: str, seed: int, target: Path) -> None:
    with open_workspace(target) as ws:
        if kind == "sample":
            load_sample_event(ws)
            return
        for bundle in _event_bundles(kind, seed):
            import_bundle(ws, bundle)


def _copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a (WAL-mode) SQLite file."""
    target.unlink(missing_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def build(kind: str, folder: Path, seed: int = SEED) -> Path:
    """The workspace of ``kind`` as ``folder/<kind>.sqlite3`` (built once, then copied)."""
    if kind not in KINDS:
        raise ValueError(f"unknown workspace kind {kind!r}; expected one of {', '.join(KINDS)}")
    cached = _cached_path(kind, seed)
    if not cached.exists():
        # built beside the cache and renamed: a half-built file is never reused
        fd, tmp = tempfile.mkstemp(suffix=".sqlite3", dir=cached.parent)
        os.close(fd)
        partial = Path(tmp)
        partial.unlink()
        try:
            _make(kind, seed, partial)
            os.replace(partial, cached)
        finally:
            for leftover in (partial, *partial.parent.glob(partial.name + "-*")):
                leftover.unlink(missing_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{kind}.sqlite3"
    _copy_sqlite(cached, target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("kinds", nargs="*", metavar="KIND", help=f"{', '.join(KINDS)} (all)")
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "wp-scale")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    for kind in args.kinds or KINDS:
        begin = time.perf_counter()
        path = build(kind, args.folder, args.seed)
        print(f"{kind:<7} {path}  ({time.perf_counter() - begin:.1f} s)")
    print(f"big event id: {big_event_id(args.seed)}")


if __name__ == "__main__":
    main()
