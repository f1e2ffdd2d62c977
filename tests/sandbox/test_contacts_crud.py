"""Contacts CRUD against the sandbox, over a real socket on 127.0.0.1."""

from __future__ import annotations

import re

from .conftest import ORG, Harness

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}$")

BOWMAN = {
    "contact_name": "Bowman and Co",
    "company_name": "Bowman and Co",
    "contact_type": "customer",
    "credit_limit": 1000,
    "pricebook_id": 460000000000123,
    "currency_id": 460000000000097,
    "payment_terms": 15,
    "payment_terms_label": "Net 15",
    "billing_address": {"address": "4900 Hopyard Rd", "city": "Pleasanton", "zip": 94588},
    "contact_persons": [
        {"first_name": "Will", "last_name": "Smith", "email": "willsmith@bowmanfurniture.com"},
        {"first_name": "Ann", "last_name": "Lee"},
    ],
    "cf_region": "west",
}


async def create(sb: Harness, body: dict[str, object] | None = None) -> dict[str, object]:
    status, payload = await sb.json("POST", "/contacts", json=body or BOWMAN)
    assert status == 201, payload
    contact: dict[str, object] = payload["contact"]
    return contact


async def test_create_answers_201_with_zoho_envelope(sb: Harness) -> None:
    response = await sb.api("POST", "/contacts", json=BOWMAN)
    assert response.status == 201
    assert response.headers["Content-Type"] == "application/json;charset=UTF-8"
    payload = await response.json()
    assert payload["code"] == 0
    assert payload["message"] == "The contact has been created"
    contact = payload["contact"]
    assert contact["contact_name"] == "Bowman and Co"
    assert contact["status"] == "active"


async def test_created_contact_has_string_ids_and_zoho_timestamps(sb: Harness) -> None:
    contact = await create(sb)
    assert isinstance(contact["contact_id"], str) and contact["contact_id"].isdigit()
    assert contact["pricebook_id"] == "460000000000123"
    assert contact["currency_code"] == "USD"
    assert TIMESTAMP.match(str(contact["created_time"]))
    assert contact["created_time"] == contact["last_modified_time"]
    billing = contact["billing_address"]
    assert isinstance(billing, dict)
    assert billing["address_id"].isdigit() and billing["zip"] == "94588"
    persons = contact["contact_persons"]
    assert isinstance(persons, list)
    assert [p["is_primary_contact"] for p in persons] == [True, False]
    assert contact["primary_contact_id"] == persons[0]["contact_person_id"]
    assert isinstance(contact["outstanding_receivable_amount"], float)


async def test_unknown_fields_round_trip(sb: Harness) -> None:
    contact = await create(sb)
    _, payload = await sb.json("GET", f"/contacts/{contact['contact_id']}")
    assert payload["contact"]["cf_region"] == "west"


async def test_contact_ids_increase(sb: Harness) -> None:
    first = await create(sb)
    second = await create(sb, {"contact_name": "Second"})
    assert int(str(second["contact_id"])) > int(str(first["contact_id"]))


async def test_create_accepts_jsonstring_form_field(sb: Harness) -> None:
    status, payload = await sb.json(
        "POST", "/contacts", data={"JSONString": '{"contact_name": "Form Co"}'}
    )
    assert status == 201
    assert payload["contact"]["contact_name"] == "Form Co"


async def test_create_without_name_is_code_4(sb: Harness) -> None:
    status, payload = await sb.json("POST", "/contacts", json={"company_name": "x"})
    assert (status, payload) == (
        400,
        {"code": 4, "message": "Invalid value passed for contact_name"},
    )


async def test_create_without_body_is_code_11(sb: Harness) -> None:
    status, payload = await sb.json("POST", "/contacts")
    assert (status, payload["code"]) == (400, 11)


async def test_duplicate_name_is_code_3062(sb: Harness) -> None:
    await create(sb)
    status, payload = await sb.json("POST", "/contacts", json={"contact_name": "bowman AND co"})
    assert status == 400
    assert payload == {
        "code": 3062,
        "message": 'The customer "bowman AND co" already exists. Please specify a different name.',
    }


async def test_get_returns_the_stored_contact(sb: Harness) -> None:
    contact = await create(sb)
    status, payload = await sb.json("GET", f"/contacts/{contact['contact_id']}")
    assert status == 200
    assert payload["message"] == "success"
    stored = sb.sandbox.organization(ORG).contacts[str(contact["contact_id"])]
    derived = {k: v for k, v in payload["contact"].items() if k not in stored}
    assert payload["contact"] == {**stored, **derived}
    assert payload["contact"]["outstanding_receivable_amount_formatted"] == "$0.00"


async def test_unknown_contact_id_is_code_1002_not_accessible(sb: Harness) -> None:
    status, payload = await sb.json("GET", "/contacts/460000000099999")
    assert (status, payload) == (404, {"code": 1002, "message": "The Customer is not accessible."})


async def test_a_path_that_is_no_id_is_code_5(sb: Harness) -> None:
    status, payload = await sb.json("GET", "/contacts/not-an-id")
    assert (status, payload) == (
        404,
        {
            "code": 5,
            "message": "We couldnt find any resource for the given ID. Please verify the ID and try again.",
        },
    )


async def test_update_is_partial_and_bumps_last_modified(sb: Harness) -> None:
    times = iter([1_700_000_000.0, 1_700_000_100.0])
    sb.sandbox.state._wall_clock = lambda: next(times)
    contact = await create(sb)
    persons = contact["contact_persons"]
    assert isinstance(persons, list)
    status, payload = await sb.json(
        "PUT",
        f"/contacts/{contact['contact_id']}",
        json={
            "notes": "Pays by cheque",
            "contact_persons": [{**persons[1], "is_primary_contact": True}],
        },
    )
    assert status == 200
    assert payload["message"] == "Contact has been updated successfully"
    updated = payload["contact"]
    assert updated["notes"] == "Pays by cheque"
    assert updated["contact_name"] == "Bowman and Co"
    assert updated["created_time"] == contact["created_time"]
    assert updated["last_modified_time"] > contact["last_modified_time"]
    assert [p["contact_person_id"] for p in updated["contact_persons"]] == [
        persons[1]["contact_person_id"]
    ]
    assert updated["primary_contact_id"] == persons[1]["contact_person_id"]


async def test_rename_onto_another_contact_is_3062(sb: Harness) -> None:
    await create(sb)
    other = await create(sb, {"contact_name": "Other", "contact_type": "vendor"})
    status, payload = await sb.json(
        "PUT", f"/contacts/{other['contact_id']}", json={"contact_name": "Bowman and Co"}
    )
    assert (status, payload["code"]) == (400, 3062)
    assert payload["message"].startswith('The vendor "Bowman and Co"')


async def test_delete_removes_the_contact(sb: Harness) -> None:
    contact = await create(sb)
    status, payload = await sb.json("DELETE", f"/contacts/{contact['contact_id']}")
    assert (status, payload) == (200, {"code": 0, "message": "The contact has been deleted."})
    assert sb.sandbox.organization(ORG).contacts == {}
    status, _ = await sb.json("DELETE", f"/contacts/{contact['contact_id']}")
    assert status == 404


async def test_bulk_delete_is_all_or_nothing(sb: Harness) -> None:
    a = await create(sb, {"contact_name": "A"})
    b = await create(sb, {"contact_name": "B"})
    status, payload = await sb.json(
        "DELETE", "/contacts", params={"contact_ids": f"{a['contact_id']},460000000099999"}
    )
    assert (status, payload["code"]) == (404, 1002)
    assert len(sb.sandbox.organization(ORG).contacts) == 2
    status, payload = await sb.json(
        "DELETE", "/contacts", params={"contact_ids": f"{a['contact_id']},{b['contact_id']}"}
    )
    assert (status, payload["message"]) == (200, "The contacts have been deleted.")
    assert sb.sandbox.organization(ORG).contacts == {}


async def test_bulk_delete_caps_ids(sb: Harness) -> None:
    ids = ",".join(str(460000000026049 + i) for i in range(201))
    status, payload = await sb.json("DELETE", "/contacts", params={"contact_ids": ids})
    assert (status, payload["code"]) == (400, 2)


async def test_mark_inactive_then_active(sb: Harness) -> None:
    contact = await create(sb)
    path = f"/contacts/{contact['contact_id']}"
    status, payload = await sb.json("POST", f"{path}/inactive")
    assert (status, payload["message"]) == (200, "The contact has been marked as inactive.")
    assert sb.sandbox.organization(ORG).contacts[str(contact["contact_id"])]["status"] == "inactive"
    status, payload = await sb.json("POST", f"{path}/active")
    assert (status, payload["message"]) == (200, "The contact has been marked as active.")
    assert sb.sandbox.organization(ORG).contacts[str(contact["contact_id"])]["status"] == "active"


async def test_update_by_unique_custom_field(sb: Harness) -> None:
    contact = await create(
        sb,
        {"contact_name": "Unique", "custom_fields": [{"api_name": "cf_code", "value": "U-1"}]},
    )
    headers = {"X-Unique-Identifier-Key": "cf_code", "X-Unique-Identifier-Value": "U-1"}
    status, payload = await sb.json("PUT", "/contacts", headers=headers, json={"notes": "hi"})
    assert status == 200
    assert payload["contact"]["contact_id"] == contact["contact_id"]
    assert payload["contact"]["notes"] == "hi"


async def test_upsert_creates_when_unique_value_is_unknown(sb: Harness) -> None:
    headers = {"X-Unique-Identifier-Key": "cf_code", "X-Unique-Identifier-Value": "U-2"}
    body = {"contact_name": "Upserted", "custom_fields": [{"api_name": "cf_code", "value": "U-2"}]}
    status, payload = await sb.json("PUT", "/contacts", headers=headers, json=body)
    assert (status, payload["code"]) == (404, 1002)
    status, payload = await sb.json(
        "PUT", "/contacts", headers={**headers, "X-Upsert": "true"}, json=body
    )
    assert (status, payload["message"]) == (201, "The contact has been created")


async def test_organizations_are_isolated(sb: Harness) -> None:
    await create(sb)
    status, payload = await sb.json("GET", "/contacts", org="555")
    assert status == 200 and payload["contacts"] == []
    status, _ = await sb.json("POST", "/contacts", org="555", json=BOWMAN)
    assert status == 201


async def test_paths_below_a_contact_that_do_not_exist_are_code_5(sb: Harness) -> None:
    contact = await create(sb)
    status, payload = await sb.json("GET", f"/contacts/{contact['contact_id']}/nothing")
    assert (status, payload["code"]) == (404, 5)


async def test_wrong_method_on_a_contact_is_405(sb: Harness) -> None:
    contact = await create(sb)
    for path in (f"/contacts/{contact['contact_id']}", "/contacts/not-an-id"):
        status, payload = await sb.json("POST", path)
        assert (status, payload["code"]) == (405, 37)


async def test_edits_in_place_show_after_touch(sb: Harness) -> None:
    contact = await create(sb)
    org = sb.sandbox.organization(ORG)
    org.contacts[str(contact["contact_id"])]["outstanding_receivable_amount"] = 12.5
    org.touch()
    _, payload = await sb.json("GET", "/contacts")
    assert payload["contacts"][0]["outstanding_receivable_amount"] == 12.5
