"""Resolving unknown creates through a natural key Zoho refuses to duplicate.

Zoho has no idempotency keys, so a create whose answer was lost (``OutcomeUnknownError``) may or
may not have made the record. For some records Zoho refuses a second one with the same natural
key: a contact whose ``contact_name`` is taken is refused with HTTP 400, code 3062. For those, an
unknown create can be settled safely: send it again; if it is accepted, the first attempt made
nothing; if it is refused as a duplicate, the first attempt made the record, which is then
looked up by its key and returned as the create's answer. At most one record can exist either
way. Records without such a key are never resolved this way (a second create could double them).

The table :data:`NATURAL_KEYS` is the one place that says which creates qualify and why. Single
calls ask for it with ``books.contacts.create(..., resolve_unknown=True)``; :func:`run_bulk`
turns it on for the creates its items make unless given ``resolve_unknown=False``.

One consequence to know: when resolving, a duplicate refusal after an unknown attempt is read as
"our attempt made it", so if a record with that key already existed before the first attempt,
the call returns that record instead of failing with the duplicate error.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Awaitable, Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from ..errors import ClientClosedError, OutcomeUnknownError, ValidationError, ZohoBooksError

if TYPE_CHECKING:
    from ..endpoints.base import Sender

M = TypeVar("M")
logger = logging.getLogger("zbooks_async.bulk")

RESENDS = 5
"""How many times an unknown create is sent again before its outcome is left unknown."""


@attrs.frozen
class NaturalKey:
    """A field whose value Zoho refuses to repeat within an organization, for one create.

    ``resource`` is the attribute of ``ZohoBooks`` whose ``list(**{field: value})`` and
    ``get(id)`` find the record; ``id_field`` names its id; ``duplicate_codes`` are the Zoho codes
    of the refusal; ``evidence`` says where the rule is documented.
    """

    operation: str
    resource: str
    field: str
    id_field: str
    duplicate_codes: frozenset[int]
    evidence: str


NATURAL_KEYS: Mapping[str, NaturalKey] = MappingProxyType(
    {
        "contacts.create": NaturalKey(
            operation="contacts.create",
            resource="contacts",
            field="contact_name",
            id_field="contact_id",
            duplicate_codes=frozenset({3062}),
            evidence=(
                'HTTP 400, code 3062 "The customer \\"X\\" already exists. Please specify a '
                'different name." (Zoho Inventory/Books create-record documentation); names '
                "compare with outer spaces and case ignored"
            ),
        ),
    }
)


@attrs.define
class ItemResolution:
    """Per bulk item: whether to resolve, and what the item's creates did (set by the runner).

    ``after_unknown`` says an earlier run left this item's outcome unknown, so a duplicate
    refusal on the very first send already means that run's attempt made the record;
    ``natural_key_create`` is set once the item sends a create listed in ``NATURAL_KEYS``, and
    ``on_natural_key_create`` (the runner's checkpoint note) is called then, before it is sent.
    """

    enabled: bool
    after_unknown: bool = False
    natural_key_create: bool = False
    on_natural_key_create: Callable[[], None] | None = None


_ITEM: contextvars.ContextVar[ItemResolution | None] = contextvars.ContextVar(
    "zbooks_item_resolution", default=None
)


def item_context(resolution: ItemResolution) -> contextvars.Context:
    """A copy of the current context in which creates follow ``resolution`` (for a task)."""
    context = contextvars.copy_context()
    context.run(_ITEM.set, resolution)
    return context


def resolving(resolve_unknown: bool | None) -> bool:
    """Whether a create should resolve: the caller's choice, else the bulk item's, else no."""
    if resolve_unknown is not None:
        if not isinstance(resolve_unknown, bool):
            raise TypeError(f"resolve_unknown must be True, False or None, got {resolve_unknown!r}")
        return resolve_unknown
    item = _ITEM.get()
    return item is not None and item.enabled


def name_key(value: str) -> str:
    """A natural-key value as Zoho compares it: outer spaces dropped, case ignored."""
    return value.strip().casefold()


async def create_resolving(
    books: Sender,
    operation: str,
    body: Mapping[str, Any],
    create: Callable[[], Awaitable[M]],
) -> M:
    """Run ``create()``; if its outcome is unknown, settle it through the natural key.

    ``operation`` names an entry of :data:`NATURAL_KEYS` (``"contacts.create"``) and ``body``
    is the create's JSON body, which holds the key's value. Returns what the create returned,
    or the record found by its key when a resend was refused as a duplicate. Raises
    ``OutcomeUnknownError`` only if every resend also ended unknown or the record could not be
    found; ``ValueError`` for an operation with no natural key.

    ``await create_resolving(books, "contacts.create", body, lambda: send_my_create(body))``
    """
    key = NATURAL_KEYS.get(operation)
    if key is None:
        raise ValueError(
            f"{operation} has no natural key Zoho refuses to duplicate: its unknown outcome "
            "cannot be resolved by sending it again"
        )
    value = body.get(key.field)
    item = _ITEM.get()
    if item is not None and not item.natural_key_create:
        item.natural_key_create = True
        if item.on_natural_key_create is not None:
            item.on_natural_key_create()
    if not isinstance(value, str) or not value.strip():
        return await create()  # nothing to resolve by; the create's own check refuses it
    # Whether an attempt (in this call, or by an earlier run) may have made the record.
    maybe_made = item is not None and item.after_unknown
    last: OutcomeUnknownError | None = None
    for _ in range(1 + RESENDS):
        try:
            return await create()
        except OutcomeUnknownError as lost:
            # Another send is safe: Zoho refuses a second record with this key.
            maybe_made, last = True, lost
        except ValidationError as refusal:
            if not maybe_made:
                raise
            if refusal.code not in key.duplicate_codes:
                raise _still_unknown(key, refusal) from refusal
            try:
                found: M | None = await _find(books, key, value)
            except ZohoBooksError as failure:
                if isinstance(failure, ClientClosedError):
                    raise  # says "may or may not have been applied" itself
                raise _still_unknown(key, failure) from failure
            if found is None:
                raise OutcomeUnknownError(
                    f"{key.operation}: Zoho refused a resend as a duplicate of {key.field} "
                    f"{value!r}, but no single record with that {key.field} could be found; "
                    "look it up before trying again",
                    method=refusal.method,
                    path=refusal.path,
                ) from None
            logger.info(
                "%s: an unknown outcome resolved: the record with this %s exists",
                key.operation,
                key.field,
            )
            return found
        except ZohoBooksError as failure:
            # A resend that failed otherwise (throttled past its deadline, credentials...)
            # says nothing about the attempt before it: that one may still have been applied.
            if not maybe_made or isinstance(failure, ClientClosedError):
                raise
            raise _still_unknown(key, failure) from failure
    assert last is not None
    raise OutcomeUnknownError(
        f"{key.operation}: outcome still unknown after {RESENDS} resends: {last.message}",
        method=last.method,
        path=last.path,
    ) from last


def _still_unknown(key: NaturalKey, failure: ZohoBooksError) -> OutcomeUnknownError:
    return OutcomeUnknownError(
        f"{key.operation}: an earlier attempt may have been applied, and resolving it failed: "
        f"{failure}",
        method=failure.method,
        path=failure.path,
    )


async def _find(books: Sender, key: NaturalKey, value: str) -> Any:
    """The full record whose ``key.field`` equals ``value`` as Zoho compares, if exactly one."""
    resource = getattr(books, key.resource)
    wanted = name_key(value)
    ids: list[str] = []
    async for record in resource.list(**{key.field: value.strip(), "filter_by": "Status.All"}):
        listed = getattr(record, key.field, None)
        record_id = getattr(record, key.id_field, None)
        if isinstance(listed, str) and name_key(listed) == wanted and record_id:
            ids.append(str(record_id))
    if len(ids) != 1:
        return None
    return await resource.get(ids[0])
