"""Every column of every entity is declared once: in its bundle, or local on purpose."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from workshop_planner.domain import fields as f
from workshop_planner.domain import models as m

#: Tables that are no entity of the bundle, with the reason.
NOT_ENTITIES = {
    m.Asset: "travels as the bundle's base64 'assets' list, written as it is",
    m.NoteRevision: "history kept in one workspace only",
    m.CaptureDraft: "a note-taker's unsaved text on one laptop",
    m.NoteOriginal: "a note as captured, kept in one workspace only (the report editor's undo)",
    m.ConsentChange: "who changed a person’s consent and when: kept in one workspace only",
}
#: every Tracked row has these; ``version`` is local to a workspace (no bundle carries it)
IMPLICIT = {"id", "updated_at", "version"}


def columns(model: type[m.Base]) -> set[str]:
    return {attr.key for attr in inspect(model).column_attrs}


@pytest.mark.parametrize("declared", f.ALL, ids=lambda d: d.model.__name__)
def test_every_column_is_declared_exactly_once(declared: f.Fields) -> None:
    bundle = {n for n in declared.bundle if n not in declared.read_only}
    local = set(declared.local)
    assert not bundle & local, "a column is both in the bundle and local"
    assert len(declared.bundle) == len(set(declared.bundle))
    undeclared = columns(declared.model) - IMPLICIT - bundle - local
    assert not undeclared, (
        f"{declared.model.__name__}.{sorted(undeclared)} is in no declaration: add it to "
        "the bundle fields in domain/fields.py (and the schema), or to local with a reason"
    )
    assert not (bundle | local) - columns(declared.model), "a declared name is no column"
    assert set(declared.copied) <= set(declared.stored)
    for name in declared.read_only:
        assert name in declared.bundle
        assert name not in columns(declared.model)


def test_every_table_is_an_entity_or_set_aside() -> None:
    declared = {d.model for d in f.ALL}
    mapped = {mapper.class_ for mapper in m.Base.registry.mappers}
    assert mapped == declared | set(NOT_ENTITIES)


def test_bundle_keys_are_unique_per_entity() -> None:
    for declared in f.ALL:
        keys = [declared.key(n) for n in declared.bundle]
        assert len(keys) == len(set(keys)), declared.model.__name__


def test_copy_and_values_helpers() -> None:
    src = m.Contact(name="Kim", role="Lead", organisation="GMF", email="k@g.org", position=3)
    dst = m.Contact()
    f.copy_fields(src, dst, f.CONTACT.copied)
    assert f.values_of(dst, f.CONTACT.copied) == {
        "name": "Kim",
        "role": "Lead",
        "organisation": "GMF",
        "email": "k@g.org",
        "position": 3,
    }
    roles = ["speaker"]
    source = m.Participant(person_id="p", roles=roles, requirements="vegan")
    part = f.new_copy(source, f.PARTICIPANT)
    assert part.roles == roles
    assert part.roles is not roles  # lists are copied, never shared
    assert part.attendance is None  # not a template field: the new row's default applies
