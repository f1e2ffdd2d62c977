"""Contact address routes: additional addresses, and making one the billing or shipping address.

A contact's billing and shipping addresses live on the contact record; its additional
addresses in ``org.related("addresses", contact_id)``. Marking an additional address as
billing (or shipping) swaps it with the current one, which becomes an additional address.
"""

from __future__ import annotations

from aiohttp import web

from .. import contacts, errors
from ..envelope import success
from ..payload import json_object
from ..state import JSONObject, Organization
from .common import Serve, now, organization_of, page_of, stored_contact

KIND = "addresses"
ROLES = ("billing_address", "shipping_address")
MAX_LENGTH = 500


def additional(org: Organization, contact: JSONObject) -> dict[str, JSONObject]:
    """The additional addresses of a contact, by address_id."""
    return org.related(KIND, contact["contact_id"])


def every_address(org: Organization, contact: JSONObject) -> list[JSONObject]:
    """Billing, shipping, then the additional addresses of a contact."""
    roles = [contact[role] for role in ROLES if contact.get(role)]
    return [*roles, *additional(org, contact).values()]


def _fields(body: JSONObject) -> JSONObject:
    fields = {key: value for key, value in contacts.normalise(body).items() if key != "address_id"}
    for key in contacts.ADDRESS_FIELDS:
        value = fields.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > MAX_LENGTH):
            raise errors.invalid_field(key)
    return fields


def _is_blank(address: JSONObject) -> bool:
    return not any(address.get(key) for key in contacts.ADDRESS_FIELDS)


async def add_address(request: web.Request) -> web.Response:
    """POST /contacts/{contact_id}/address: a new additional address."""
    org, contact = stored_contact(request)
    fields = _fields(await json_object(request))
    record = {**contacts.empty_address(org.new_id()), **fields}
    additional(org, contact)[record["address_id"]] = record
    org.touch()
    return success("The address has been created.", address_info=record)


async def list_addresses(request: web.Request) -> web.Response:
    """GET /contacts/{contact_id}/address: billing, shipping and additional addresses."""
    org, contact = stored_contact(request)
    return success(addresses=every_address(org, contact))


async def update_address(request: web.Request) -> web.Response:
    """PUT /contacts/{contact_id}/address/{address_id}: edit any address of the contact."""
    org, contact = stored_contact(request)
    address_id = request.match_info["address_id"]
    body = await json_object(request)
    if contacts.normalise(body).get("address_id", address_id) != address_id:
        raise errors.invalid_field("address_id")
    fields = _fields(body)
    extra = additional(org, contact)
    if address_id in extra:
        record = extra[address_id] = {**extra[address_id], **fields}
        org.touch()
        return success("The address has been updated.", address_info=record)
    for role in ROLES:
        if (contact.get(role) or {}).get("address_id") == address_id:
            record = {**contact[role], **fields}
            org.put_contact({**contact, role: record, "last_modified_time": now(request)})
            return success("The address has been updated.", address_info=record)
    raise errors.record_missing("Address")


async def delete_address(request: web.Request) -> web.Response:
    """DELETE /contacts/{contact_id}/address/{address_id}: additional addresses only."""
    org, contact = stored_contact(request)
    address_id = request.match_info["address_id"]
    if any((contact.get(role) or {}).get("address_id") == address_id for role in ROLES):
        raise errors.invalid_field("address_id")  # the billing or shipping address stays
    if additional(org, contact).pop(address_id, None) is None:
        raise errors.record_missing("Address")
    org.touch()
    return success("The address has been deleted.")


async def _mark(request: web.Request, role: str) -> web.Response:
    org, contact = stored_contact(request)
    address_id = request.match_info["address_id"]
    current = contact.get(role) or {}
    if current.get("address_id") == address_id:
        return success()
    extra = additional(org, contact)
    chosen = extra.pop(address_id, None)
    if chosen is None:
        if any((contact.get(r) or {}).get("address_id") == address_id for r in ROLES):
            raise errors.invalid_field("address_id")  # it already has the other role
        raise errors.record_missing("Address")
    if current and not _is_blank(current):
        extra[current["address_id"]] = current
    org.put_contact({**contact, role: chosen, "last_modified_time": now(request)})
    return success()


async def mark_billing(request: web.Request) -> web.Response:
    """POST .../address/{address_id}/markasbilling: make it the billing address."""
    return await _mark(request, "billing_address")


async def mark_shipping(request: web.Request) -> web.Response:
    """POST .../address/{address_id}/markasshipping: make it the shipping address."""
    return await _mark(request, "shipping_address")


async def verify_address(request: web.Request) -> web.Response:
    """POST .../address/{address_id}/verify: the sandbox finds every stored address valid."""
    org, contact = stored_contact(request)
    address_id = request.match_info["address_id"]
    if not any(a.get("address_id") == address_id for a in every_address(org, contact)):
        raise errors.record_missing("Address")
    return success()


async def list_all_addresses(request: web.Request) -> web.Response:
    """GET /contacts/address: every address of every contact, with its contact, paged."""
    org = organization_of(request)
    everything = [
        {**address, "contact_id": contact["contact_id"], "contact_name": contact["contact_name"]}
        for contact in org.contacts.values()
        for address in every_address(org, contact)
    ]
    page = page_of(request, everything, "Addresses")
    return success(addresses=page["items"], page_context=page["page_context"])


async def validate_address(request: web.Request) -> web.Response:
    """GET /contacts/address/verify?line1=...: line1 is required (code 2 without it)."""
    line1 = request.query.get("line1", "")
    if not line1.strip() or len(line1) > 60:
        raise errors.invalid_parameter("line1")
    return success()


SERVES: dict[tuple[str, str], Serve] = {
    ("POST", "/contacts/{contact_id}/address"): add_address,
    ("GET", "/contacts/{contact_id}/address"): list_addresses,
    ("PUT", "/contacts/{contact_id}/address/{address_id}"): update_address,
    ("DELETE", "/contacts/{contact_id}/address/{address_id}"): delete_address,
    ("POST", "/contacts/{contact_id}/address/{address_id}/markasbilling"): mark_billing,
    ("POST", "/contacts/{contact_id}/address/{address_id}/markasshipping"): mark_shipping,
    ("POST", "/contacts/{contact_id}/address/{address_id}/verify"): verify_address,
    ("GET", "/contacts/address"): list_all_addresses,
    ("GET", "/contacts/address/verify"): validate_address,
}
"""(method, path template) -> the hook that answers it."""
