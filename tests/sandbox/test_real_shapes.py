"""Contact answers and list rows carry the fields real Zoho sends, not only the documented ones."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import ORG, Harness, Start

BODY = {
    "contact_name": "Bowman and Co",
    "contact_persons": [{"first_name": "Will", "email": "will@bowman.example", "enable_portal": True}],
    "custom_fields": [{"api_name": "cf_region", "value": "North"}],
}


async def created(sb: Harness, **body: Any) -> dict[str, Any]:
    status, payload = await sb.json("POST", "/contacts", json={**BODY, **body})
    assert status == 201, payload
    contact: dict[str, Any] = payload["contact"]
    return contact


async def test_a_contact_carries_portal_status_not_is_portal_enabled(sb: Harness) -> None:
    contact = await created(sb)
    assert contact["portal_status"] == "disabled" and "is_portal_enabled" not in contact
    [person] = contact["contact_persons"]
    assert person["is_added_in_portal"] is True and "enable_portal" not in person
    assert person["communication_preference"] == {
        "is_email_enabled": True,
        "is_sms_enabled": False,
        "is_whatsapp_enabled": False,
    }


async def test_a_contact_carries_the_real_extras(sb: Harness) -> None:
    contact = await created(sb)
    assert contact["source"] == "api"
    assert contact["communication_preference"] == {"is_email_enabled": True, "is_sms_enabled": False}
    assert contact["custom_field_hash"] == {"cf_region": "North", "cf_region_unformatted": "North"}
    assert contact["outstanding_receivable_amount_bcy"] == 0.0
    assert contact["outstanding_receivable_amount_formatted"] == "$0.00"
    # Zoho leaves unset numbers as "", not 0 or null.
    assert (contact["tax_percentage"], contact["exchange_rate"], contact["opening_balance_amount_bcy"]) == (
        "",
        "",
        "",
    )


async def test_timestamps_have_an_offset_without_colon(sb: Harness) -> None:
    contact = await created(sb)
    assert contact["created_time"][-5:] == "+0530" and contact["created_time"][10] == "T"


async def test_a_list_row_carries_names_source_hash_bcy_and_formatted(sb: Harness) -> None:
    await created(sb)
    await created(sb, contact_name="Zylker", contact_type="vendor", custom_fields=[])
    status, payload = await sb.json("GET", "/contacts")
    assert status == 200
    bowman, zylker = payload["contacts"]
    assert (bowman["customer_name"], bowman["vendor_name"]) == ("Bowman and Co", "Bowman and Co")
    assert (bowman["source"], bowman["portal_status"]) == ("api", "disabled")
    assert bowman["custom_fields"] == [{"api_name": "cf_region", "value": "North"}]
    assert bowman["custom_field_hash"]["cf_region"] == "North"
    assert bowman["outstanding_payable_amount"] == 0.0 and bowman["outstanding_payable_amount_bcy"] == 0.0
    assert bowman["contact_type_formatted"] == "Customer" and zylker["contact_type_formatted"] == "Vendor"
    assert bowman["created_time_formatted"].count("/") == 2
    # An empty list field of a row is "", where the detail answer gives [].
    assert zylker["custom_fields"] == ""


async def test_portal_enable_sets_portal_status_and_the_persons_flag(sb: Harness) -> None:
    contact = await created(sb, contact_persons=[{"first_name": "Will", "email": "w@bowman.example"}])
    contact_id = contact["contact_id"]
    person_id = contact["contact_persons"][0]["contact_person_id"]
    body = {"contact_persons": [{"contact_person_id": person_id}]}
    assert (await sb.api("POST", f"/contacts/{contact_id}/portal/enable", json=body)).status == 200
    _, payload = await sb.json("GET", f"/contacts/{contact_id}")
    assert payload["contact"]["portal_status"] == "enabled"
    assert payload["contact"]["contact_persons"][0]["is_added_in_portal"] is True
    _, listed = await sb.json("GET", "/contacts", params={"filter_by": "Status.PortalEnabled"})
    assert [row["contact_id"] for row in listed["contacts"]] == [contact_id]


async def test_tax_info_answers_place_of_supply(sb: Harness) -> None:
    contact_id = (await created(sb))["contact_id"]
    body = {"tax_registration_no": "29AABCZ1234F1Z5", "place_of_contact": "KA"}
    status, payload = await sb.json("POST", f"/contacts/{contact_id}/taxinfo", json=body)
    assert status == 200
    assert payload["tax_info"]["place_of_supply"] == "KA" and "place_of_contact" not in payload["tax_info"]


async def test_response_option_2_adds_total_and_total_pages(start: Start) -> None:
    sb = await start(seed_contacts=25)
    _, plain = await sb.json("GET", "/contacts", params={"per_page": "10"})
    assert "total" not in plain["page_context"]
    _, counted = await sb.json("GET", "/contacts", params={"per_page": "10", "response_option": "2"})
    assert (counted["page_context"]["total"], counted["page_context"]["total_pages"]) == (25, 3)
    assert counted["page_context"]["has_more_page"] is True
    contact_id = next(iter(sb.sandbox.organization(ORG).contacts))
    _, persons = await sb.json(
        "GET", f"/contacts/{contact_id}/contactpersons", params={"response_option": "2"}
    )
    assert persons["page_context"]["total"] == len(persons["contact_persons"])


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("payment_terms", "soon", "Payment Terms"),
        ("payment_terms", -1, "Payment Terms"),
        ("credit_limit", "lots", "Credit Limit"),
        ("currency_id", "999", "Currency"),
        ("contact_type", "friend", "Contact Type"),
        ("customer_sub_type", "club", "Customer Type"),
        ("billing_address", "Main St", "Billing Address"),
    ],
)
async def test_a_bad_value_is_code_2_naming_the_display_label(
    sb: Harness, field: str, value: Any, label: str
) -> None:
    status, payload = await sb.json("POST", "/contacts", json={"contact_name": "A", field: value})
    assert (status, payload) == (400, {"code": 2, "message": f"Invalid value passed for {label}"})
    assert sb.sandbox.organization(ORG).contacts == {}


async def test_payment_terms_as_digits_are_stored_as_a_number(sb: Harness) -> None:
    assert (await created(sb, payment_terms="30"))["payment_terms"] == 30


async def test_a_duplicate_name_is_code_3062(sb: Harness) -> None:
    await created(sb)
    status, payload = await sb.json("POST", "/contacts", json={"contact_name": "bowman and co"})
    assert (status, payload["code"]) == (400, 3062)
    assert payload["message"] == (
        'The customer "bowman and co" already exists. Please specify a different name.'
    )


async def test_formatted_amounts_follow_a_stored_amount_edited_in_place(sb: Harness) -> None:
    contact_id = (await created(sb))["contact_id"]
    sb.sandbox.organization(ORG).contacts[contact_id]["outstanding_receivable_amount"] = 1234.5
    _, payload = await sb.json("GET", f"/contacts/{contact_id}")
    assert payload["contact"]["outstanding_receivable_amount_formatted"] == "$1,234.50"
