"""The services check writes with the domain's rules, so the UI and they agree."""

from __future__ import annotations

import pytest

from workshop_planner.domain.rules import is_email
from workshop_planner.services import event_editing as ee
from workshop_planner.services import participants as ps
from workshop_planner.services.errors import ServiceError
from workshop_planner.store import Workspace


def test_contact_service_and_overview_agree_on_addresses(workspace: Workspace, factory) -> None:
    """The contact service accepted "kim@localhost" while the Overview refused it."""
    event = factory.event()
    for address in ("kim@localhost", "kim@example", "a@b@c.org"):
        assert not is_email(address)
        with pytest.raises(ServiceError, match="is not an e-mail address"):
            ee.add_contact(workspace, event.id, name="Kim", email=address)
    for address in ("kim+gmf@mail.example.org", "jörg@münchen.de"):
        assert is_email(address)
        contact = ee.add_contact(workspace, event.id, name="Kim", email=address)
        assert contact.email == address
        assert (
            ps.create_participant(
                workspace, event.id, ps.NewPerson(full_name=f"P {address}", email=address)
            )
            .people[0]
            .email
            == address
        )


def test_partner_service_refuses_other_schemes(workspace: Workspace, factory) -> None:
    event = factory.event()
    with pytest.raises(ServiceError, match="not a web address"):
        ee.add_partner(workspace, event.id, name="Fund", url="javascript:alert(1)")
    partner = ee.add_partner(workspace, event.id, name="Fund", url=" https://fund.example ")
    assert partner.url == "https://fund.example"
    with pytest.raises(ServiceError, match="not a web address"):
        ee.update_partner(workspace, partner.id, {"url": "file:///etc/passwd"})
    assert ee.list_partners(workspace, event.id)[0].url == "https://fund.example"


def test_partners_and_contacts_take_their_declared_fields_only(
    workspace: Workspace, factory
) -> None:
    event = factory.event()
    with pytest.raises(ServiceError, match="A partner needs a name"):
        ee.add_partner(workspace, event.id, role="donor")
    with pytest.raises(ServiceError, match="A contact has no field called colour"):
        ee.add_contact(workspace, event.id, name="Kim", colour="red")
    contact = ee.add_contact(workspace, event.id, name=" Kim ", role=" ", email="k@gmf.org")
    assert (contact.name, contact.role, contact.position) == ("Kim", None, 0)
    removed = ee.remove_contact(workspace, contact.id)
    assert ee.list_contacts(workspace, event.id) == []
    assert ee.restore_contact(workspace, event.id, removed) == contact
