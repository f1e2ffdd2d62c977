"""books.contacts.portal and books.contacts.payment_reminders against mocked Zoho answers."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aioresponses import aioresponses

from zbooks_async import NotFoundError, OutcomeUnknownError, ValidationError, ZohoBooks
from zbooks_async.pipeline.values import JsonBody, Response
from zbooks_async.resources.portal import Portal

from ..http_mock import at, sent

CID = "460000000026049"
PERSON = "460000000026051"


async def test_enable_portal_names_the_persons(books: ZohoBooks, http: aioresponses) -> None:
    http.post(
        at(f"/contacts/{CID}/portal/enable"),
        payload={"code": 0, "message": "Client Portal preferences have been updated"},
    )

    result = await books.contacts.portal.enable(CID, contact_persons=[PERSON])

    assert result.message == "Client Portal preferences have been updated"
    [(_, _, kwargs)] = sent(http)
    assert json.loads(kwargs["data"]) == {"contact_persons": [{"contact_person_id": PERSON}]}


async def test_portal_switches_are_retried_after_a_server_error(books: ZohoBooks, http: aioresponses) -> None:
    http.post(at(f"/contacts/{CID}/portal/disable"), status=503, payload={"code": 1000, "message": "x"})
    http.post(at(f"/contacts/{CID}/portal/disable"), payload={"code": 0, "message": "success"})

    await books.contacts.portal.disable(CID)

    assert len(sent(http)) == 2


async def test_invitation_is_not_replayed_after_a_server_error(books: ZohoBooks, http: aioresponses) -> None:
    http.post(
        at(f"/contacts/contactpersons/{PERSON}/portal/invite"),
        status=500,
        payload={"code": 1000, "message": "Internal error"},
    )

    with pytest.raises(OutcomeUnknownError):
        await books.contacts.portal.invite(PERSON)

    assert len(sent(http)) == 1


async def test_resend_to_a_person_without_email_is_refused(books: ZohoBooks, http: aioresponses) -> None:
    http.post(
        at(f"/contacts/contactpersons/{PERSON}/portal/invite/resend"),
        status=400,
        payload={"code": 4, "message": "Email address is required for portal access."},
    )

    with pytest.raises(ValidationError) as caught:
        await books.contacts.portal.resend_invite(PERSON)

    assert caught.value.code == 4


async def test_reminders_on_and_off(books: ZohoBooks, http: aioresponses) -> None:
    on = "All reminders associated with this contact have been enabled."
    off = "All reminders associated with this contact have been stopped."
    http.post(at(f"/contacts/{CID}/paymentreminder/enable"), payload={"code": 0, "message": on})
    http.post(at(f"/contacts/{CID}/paymentreminder/disable"), payload={"code": 0, "message": off})

    assert (await books.contacts.payment_reminders.enable(CID)).message == on
    assert (await books.contacts.payment_reminders.disable(CID)).message == off


async def test_reminders_of_an_unknown_contact(books: ZohoBooks, http: aioresponses) -> None:
    http.post(
        at(f"/contacts/{CID}/paymentreminder/enable"),
        status=404,
        payload={"code": 1002, "message": "Contact does not exist."},
    )

    with pytest.raises(NotFoundError):
        await books.contacts.payment_reminders.enable(CID)


@pytest.mark.parametrize(
    "call",
    [
        lambda b: b.contacts.portal.enable(CID, contact_persons=[]),
        lambda b: b.contacts.portal.enable(CID, contact_persons=["x"]),
        lambda b: b.contacts.portal.enable("x", contact_persons=[PERSON]),
        lambda b: b.contacts.portal.disable("../1"),
        lambda b: b.contacts.portal.invite("1?a=b"),
        lambda b: b.contacts.portal.resend_invite(""),
        lambda b: b.contacts.payment_reminders.enable("abc"),
        lambda b: b.contacts.payment_reminders.disable("1 2"),
    ],
)
async def test_bad_ids_are_refused_before_sending(books: ZohoBooks, http: aioresponses, call: Any) -> None:
    with pytest.raises(ValueError):
        await call(books)
    assert sent(http) == []


async def test_enable_accepts_person_objects_and_numbers_as_the_documents_list_them() -> None:
    bodies: list[object] = []

    class Recorder:
        async def send(self, operation: object, **kwargs: object) -> Response:
            bodies.append(kwargs["body"])
            return Response(status=200, headers=(), data={"code": 0, "message": "ok"}, body=b"")

    portal = Portal(Recorder())  # type: ignore[arg-type]
    await portal.enable("1", contact_persons=[{"contact_person_id": 460000000026051}, "460000000026052"])
    assert isinstance(bodies[0], JsonBody)
    persons = [{"contact_person_id": "460000000026051"}, {"contact_person_id": "460000000026052"}]
    assert bodies[0].data == {"contact_persons": persons}
    with pytest.raises(TypeError):
        await portal.enable("1", contact_persons=[{"contact_person_id": "1", "email": "x"}])
    assert len(bodies) == 1
