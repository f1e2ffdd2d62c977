"""In-memory data of the sandbox: one store per organization, ids, and sub-resources.

Records are plain JSON-ready dicts, exactly what the API returns, so tests can compare
``sandbox.organization(org_id).contacts[contact_id]`` with an SDK answer directly.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

JSONObject = dict[str, Any]

FIRST_ID = 460000000026049


class IdSequence:
    """Increasing numeric ids rendered as strings, shared by every kind of record."""

    def __init__(self, start: int = FIRST_ID) -> None:
        self._next = start

    def __call__(self) -> str:
        value = self._next
        self._next += 1
        return str(value)

    def peek(self) -> int:
        """The next id that will be handed out."""
        return self._next


CONTACTS = "/contacts"
"""Where contacts live in the one store, as every module's records do."""
CONTACT_CHILDREN = {
    "addresses": "address",
    "bank_accounts": "bankaccount",
    "cards": "card",
    "tax_info": "taxinfo",
}
"""Sub-resource kinds of a contact whose API path segment is spelled otherwise."""


def related_path(kind: str) -> str:
    """The store path of a contact's sub-resource: ``"bank_accounts"`` -> ``"/contacts/{}/bankaccount"``."""
    return f"{CONTACTS}/{{}}/{CONTACT_CHILDREN.get(kind, kind)}"


class Organization:
    """The data of one organization: one store, ``records(path, parent_ids)``, for every module.

    ``contacts`` is the contacts' collection in that store (insertion order = creation order).
    Change contacts through ``put_contact``/``remove_contact``; after editing a stored
    record in place (say, setting ``outstanding_receivable_amount`` in a test), call
    ``touch()`` so cached list orders are rebuilt.
    Sub-resources that hang off a contact (comments, bank accounts, cards, ...) are the
    collections below ``/contacts/{}`` (``related(kind, contact_id)``) and disappear with it.
    """

    def __init__(self, organization_id: str, new_id: IdSequence) -> None:
        self.organization_id = organization_id
        self.new_id = new_id
        self._names: dict[str, str] = {}
        self._version = 0
        self._views: dict[object, list[str]] = {}
        self._records: dict[tuple[str, tuple[str, ...]], dict[str, JSONObject]] = {}
        self._numbers: dict[str, int] = {}
        self._contacts = self.records(CONTACTS)

    @property
    def contacts(self) -> dict[str, JSONObject]:
        """The mutable ``{contact_id: contact}`` map (``records("/contacts")``)."""
        return self._contacts

    @property
    def version(self) -> int:
        """A counter bumped by every change, for caches of derived views."""
        return self._version

    def touch(self) -> None:
        """Record that data changed (call after editing a record in place)."""
        self._version += 1
        self._views.clear()

    def contact_id_named(self, contact_name: str) -> str | None:
        """The id of the contact with this name (case-insensitive), if any."""
        return self._names.get(contact_name.casefold())

    def put_contact(self, record: JSONObject) -> None:
        """Insert or replace a contact, keeping the name index in step."""
        contact_id = record["contact_id"]
        contacts = self.contacts
        previous = contacts.get(contact_id)
        if previous is not None:
            self._names.pop(str(previous["contact_name"]).casefold(), None)
        contacts[contact_id] = record
        self._names[str(record["contact_name"]).casefold()] = contact_id
        self.touch()

    def remove_contact(self, contact_id: str) -> JSONObject | None:
        """Delete a contact and everything hanging off it; return it, or None if absent."""
        record = self.contacts.pop(contact_id, None)
        if record is None:
            return None
        self._names.pop(str(record["contact_name"]).casefold(), None)
        below = f"{CONTACTS}/{{}}/"
        for key in [key for key in self._records if key[0].startswith(below) and key[1][:1] == (contact_id,)]:
            del self._records[key]
        self.touch()
        return record

    def related(self, kind: str, contact_id: str) -> dict[str, JSONObject]:
        """The mutable ``{item_id: record}`` map of one sub-resource of one contact.

        ``kind`` names the sub-resource ("comments", "bank_accounts"); it is kept at
        ``records(related_path(kind), (contact_id,))``. Call ``touch()`` after changing it.
        """
        return self.records(related_path(kind), (contact_id,))

    def children(self, path: str, record_id: str) -> list[tuple[str, dict[str, JSONObject]]]:
        """Every collection kept below the top-level record ``path/{record_id}``, with its records."""
        below = f"{path}/{{}}/"
        return [
            (collection, records)
            for (collection, parent_ids), records in self._records.items()
            if collection.startswith(below) and parent_ids == (record_id,)
        ]

    def records(self, collection: str, parent_ids: tuple[str, ...] = ()) -> dict[str, JSONObject]:
        """The mutable ``{id: record}`` map of a module's collection.

        ``collection`` is the path with its ids blanked (``"/invoices"``,
        ``"/invoices/{}/comments"``); ``parent_ids`` fill those blanks, so the comments of one
        invoice are ``records("/invoices/{}/comments", (invoice_id,))``. See ``sandbox/generic.py``.
        """
        return self._records.setdefault((collection, parent_ids), {})

    def next_number(self, series: str) -> int:
        """The next number (1, 2, ...) of a document series such as ``"invoices"``."""
        self._numbers[series] = number = self._numbers.get(series, 0) + 1
        return number

    def cached_view(self, key: object, build: Callable[[], list[str]]) -> list[str]:
        """Return a derived list of ids, rebuilt only after the data changed."""
        view = self._views.get(key)
        if view is None:
            if len(self._views) >= 16:
                self._views.clear()
            view = self._views[key] = build()
        return view


class SandboxState:
    """Every organization's data, created on first use of its id."""

    def __init__(
        self,
        wall_clock: Callable[[], float],
        utc_offset_minutes: int = 330,
        offset_at: Callable[[float], int] | None = None,
    ) -> None:
        self.new_id = IdSequence()
        self.organizations: dict[str, Organization] = {}
        self._wall_clock = wall_clock
        self._offset_seconds = utc_offset_minutes * 60
        # A time zone with daylight saving time gives each moment its own offset.
        self._offset_at = offset_at
        self._offset_text = _offset_text(self._offset_seconds)

    def clear(self) -> None:
        """Forget every organization and restart the id sequence."""
        self.new_id = IdSequence()
        self.organizations = {}

    def organization(self, organization_id: str) -> Organization:
        """The store of an organization, created empty the first time it is asked for."""
        org = self.organizations.get(organization_id)
        if org is None:
            org = self.organizations[organization_id] = Organization(
                organization_id, self.new_id
            )
        return org

    def timestamp(self, epoch: float | None = None) -> str:
        """Format a time like Zoho: ``2013-08-05T12:06:10+0530`` (default: now)."""
        moment = self._wall_clock() if epoch is None else epoch
        offset, text = self._offset_seconds, self._offset_text
        if self._offset_at is not None:
            offset = self._offset_at(moment)
            text = _offset_text(offset)
        t = time.gmtime(moment + offset)
        return "%04d-%02d-%02dT%02d:%02d:%02d%s" % (  # noqa: UP031 - hot path when seeding
            t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec, text
        )


def _offset_text(offset_seconds: int) -> str:
    """Zoho's UTC offset without a colon: ``+0530``, ``-0800``, ``+0000``."""
    sign = "-" if offset_seconds < 0 else "+"
    hours, minutes = divmod(abs(offset_seconds) // 60, 60)
    return f"{sign}{hours:02d}{minutes:02d}"
