"""The base of every model: plain attrs classes that keep the fields they do not know."""

from __future__ import annotations

from typing import Any

import attrs


@attrs.define(kw_only=True)
class Model:
    """A Zoho Books object. Fields the SDK does not model are kept in ``extra``.

    ``extra`` is sent back unchanged when the object is used in an update, so a newer Zoho
    never loses data through an older SDK.
    """

    extra: dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.define(kw_only=True)
class ActionResult(Model):
    """The answer of an operation that returns only Zoho's ``code`` and ``message``."""

    code: int = 0
    message: str = ""
