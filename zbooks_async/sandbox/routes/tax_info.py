"""Contact tax information routes: tax registrations kept per contact, one of them primary."""

from __future__ import annotations

from aiohttp import web

from .. import contacts, errors
from ..envelope import success
from ..payload import json_object
from ..state import JSONObject
from .common import Serve, stored_contact

KIND = "tax_info"
TEXT_FIELDS = (
    "tax_registration_no",
    "tax_treatment",
    "place_of_contact",
    "place_of_supply",
    "legal_name",
    "trader_name",
)


def _fields(body: JSONObject) -> JSONObject:
    fields = {key: value for key, value in contacts.normalise(body).items() if key != "tax_info_id"}
    for key in TEXT_FIELDS:
        if key in fields and (not isinstance(fields[key], str) or len(fields[key]) > 200):
            raise errors.invalid_field(key)
    # Requests send the documented place_of_contact; real answers carry place_of_supply.
    if "place_of_contact" in fields:
        fields["place_of_supply"] = fields.pop("place_of_contact")
    if "is_primary" in fields and not isinstance(fields["is_primary"], bool):
        raise errors.invalid_field("is_primary")
    return fields


def _keep_one_primary(records: dict[str, JSONObject], chosen: str | None) -> None:
    """Flag ``chosen`` (else the current primary, else the first record) as the only primary."""
    if chosen is None:
        chosen = next((i for i, r in records.items() if r.get("is_primary")), next(iter(records), None))
    for record_id, record in records.items():
        record["is_primary"] = record_id == chosen


async def add_tax_info(request: web.Request) -> web.Response:
    """POST /contacts/{contact_id}/taxinfo: ``tax_registration_no`` is required."""
    org, contact = stored_contact(request)
    fields = _fields(await json_object(request))
    if not str(fields.get("tax_registration_no") or "").strip():
        raise errors.invalid_field("tax_registration_no")
    records = org.related(KIND, contact["contact_id"])
    record = {"tax_info_id": org.new_id(), "is_primary": False, **fields}
    records[record["tax_info_id"]] = record
    _keep_one_primary(records, record["tax_info_id"] if fields.get("is_primary") else None)
    org.touch()
    return success("The tax information has been added.", tax_info=record)


async def list_tax_info(request: web.Request) -> web.Response:
    """GET /contacts/{contact_id}/taxinfo: every record of the contact."""
    org, contact = stored_contact(request)
    return success(tax_info_list=list(org.related(KIND, contact["contact_id"]).values()))


async def update_tax_info(request: web.Request) -> web.Response:
    """PUT /contacts/{contact_id}/taxinfo/{tax_info_id}: partial update."""
    org, contact = stored_contact(request)
    records = org.related(KIND, contact["contact_id"])
    record = records.get(request.match_info["tax_info_id"])
    if record is None:
        raise errors.record_missing("Tax information")
    fields = _fields(await json_object(request))
    if "tax_registration_no" in fields and not fields["tax_registration_no"].strip():
        raise errors.invalid_field("tax_registration_no")
    record.update(fields)
    _keep_one_primary(records, record["tax_info_id"] if fields.get("is_primary") else None)
    org.touch()
    return success("The tax information has been updated.", tax_info=record)


async def delete_tax_info(request: web.Request) -> web.Response:
    """DELETE /contacts/{contact_id}/taxinfo/{tax_info_id}."""
    org, contact = stored_contact(request)
    records = org.related(KIND, contact["contact_id"])
    if records.pop(request.match_info["tax_info_id"], None) is None:
        raise errors.record_missing("Tax information")
    _keep_one_primary(records, None)
    org.touch()
    return success()


SERVES: dict[tuple[str, str], Serve] = {
    ("POST", "/contacts/{contact_id}/taxinfo"): add_tax_info,
    ("GET", "/contacts/{contact_id}/taxinfo"): list_tax_info,
    ("PUT", "/contacts/{contact_id}/taxinfo/{tax_info_id}"): update_tax_info,
    ("DELETE", "/contacts/{contact_id}/taxinfo/{tax_info_id}"): delete_tax_info,
}
"""(method, path template) -> the hook that answers it."""
