"""What the statement, email and report routes read from a request: ledger, period, body."""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Mapping

from aiohttp import web

from .. import errors, ledger
from ..payload import FORM_TYPES, read_payload
from ..pipeline import sandbox_of
from ..state import JSONObject
from .common import stored_contact


def today(request: web.Request) -> dt.date:
    """The sandbox's date, in its time zone."""
    return dt.date.fromisoformat(sandbox_of(request).state.timestamp()[:10])


def contact_ledger(request: web.Request) -> tuple[JSONObject, list[JSONObject]]:
    """The contact named in the path and its transactions."""
    org, record = stored_contact(request)
    seed = sandbox_of(request).config.seed
    return record, ledger.ledger(org, record, today(request), seed)


def period(request: web.Request) -> tuple[dt.date, dt.date]:
    """``start_date``/``end_date`` from the query; this month when neither is given."""
    current = today(request)
    first = current.replace(day=1)
    last = current.replace(day=calendar.monthrange(current.year, current.month)[1])
    start = _date(request.query, "start_date") or first
    end = _date(request.query, "end_date") or max(last, start)
    if start > end:
        raise errors.invalid_parameter("end_date", "It must not be before start_date.")
    return start, end


def _date(query: Mapping[str, str], name: str) -> dt.date | None:
    raw = query.get(name, "")
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise errors.invalid_parameter(name, "Date format [yyyy-mm-dd].") from None


def period_text(start: dt.date, end: dt.date) -> str:
    """A period as Zoho writes it in emails: ``01 Sep 2013 to 30 Sep 2013``."""
    return f"{start:%d %b %Y} to {end:%d %b %Y}"


async def optional_body(request: web.Request) -> tuple[JSONObject | None, list[str]]:
    """The JSON object sent (or None when there is none) and the names of attached files.

    Accepts a JSON body, or a form/multipart body with a ``JSONString`` field and files
    under ``attachments``.
    """
    if request.content_type in FORM_TYPES:
        form = await request.post()
        names = [part.filename for part in form.getall("attachments", []) if isinstance(part, web.FileField)]
        raw = form.get("JSONString")
        if raw is None:
            return None, names
        try:
            payload = json.loads(str(raw))
        except ValueError:
            raise errors.invalid_field("JSONString") from None
    else:
        payload = await read_payload(request)
        names = []
        if payload is None:
            return None, names
    if not isinstance(payload, dict):
        raise errors.invalid_field("JSONString")
    return payload, names
