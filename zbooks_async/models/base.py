"""The base of every model: plain attrs classes that keep the fields they do not know."""

from __future__ import annotations

from typing import Any

import attrs


@attrs.define(kw_only=True)
class Model:
    """A Zoho Books object. Fields the SDK does not model are kept in ``extra``.

    ``extra`` is sent back unchanged when the object is used in an update, so a newer Zoho
    never loses data through an older SDK. ``repr`` shows the fields that are set only.
    """

    extra: dict[str, Any] = attrs.field(factory=dict, repr=False)

    @classmethod
    def __attrs_init_subclass__(cls) -> None:
        # attrs writes a __repr__ for every decorated subclass, listing each field; a contact
        # has ~70, mostly None. Every model, generated ones included, gets the compact one,
        # unless it wrote its own.
        code = getattr(cls.__dict__.get("__repr__"), "__code__", None)
        if code is not None and code.co_filename.startswith("<attrs generated"):
            cls.__repr__ = Model.__repr__  # type: ignore[method-assign]

    def __repr__(self) -> str:
        """``Contact(contact_id='460…', contact_name='Bowman and Co')``: set fields only.

        A field is shown when it is not None and differs from its default; ``extra`` when
        it holds anything.
        """
        shown = []
        for field in _shown_fields(type(self)):
            value = getattr(self, field.name)
            if value is None or value is field.default:
                continue
            if field.default is not attrs.NOTHING and value == field.default:
                continue
            shown.append(f"{field.name}={value!r}")
        if self.extra:
            shown.append(f"extra={self.extra!r}")
        return f"{type(self).__name__}({', '.join(shown)})"


_SHOWN: dict[type, tuple[attrs.Attribute[Any], ...]] = {}


def _shown_fields(cls: type[Model]) -> tuple[attrs.Attribute[Any], ...]:
    fields = _SHOWN.get(cls)
    if fields is None:
        fields = _SHOWN[cls] = tuple(a for a in attrs.fields(cls) if a.name != "extra")
    return fields


@attrs.define(kw_only=True)
class ActionResult(Model):
    """The answer of an operation that returns only Zoho's ``code`` and ``message``."""

    code: int = 0
    message: str = ""
