"""Operations: one value per Zoho endpoint (method, path template, OAuth scope, SDK name).

Path parameters are checked before anything is sent: an id is digits only, so an argument like
``"1/../../x"`` raises ``ValueError`` instead of reaching some other URL.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Mapping, Sequence
from typing import Any, Generic
from urllib.parse import quote

import attrs
from typing_extensions import TypeVar

_ID = re.compile(r"[0-9]{1,30}")
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
_FIELDS = string.Formatter()


def check_id(name: str, value: object) -> str:
    """Return ``value`` as an id string if it is one (digits; an int is accepted), else raise."""
    if type(value) is str and value.isascii() and value.isdigit() and len(value) <= 30:
        return value  # the common case, without the regular expression
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(f"{name} must be a string of digits, got {type(value).__name__}")
    text = str(value)
    if not _ID.fullmatch(text):
        raise ValueError(f"{name} must be a Zoho id (digits only), got {text!r}")
    return text


def _check_text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if not value.strip() or value in (".", ".."):
        raise ValueError(f"{name} must not be empty")
    return quote(value, safe="")


@functools.lru_cache(maxsize=256)
def _placeholders(template: str) -> tuple[str, ...]:
    return tuple(field for _, field, _, _ in _FIELDS.parse(template) if field)


Answer = TypeVar("Answer", covariant=True, default=Any)
"""What a call of the operation returns (a model, a list of them, ``ActionResult``, bytes)."""


@attrs.frozen
class Operation(Generic[Answer]):
    """One Zoho Books API operation and where it lives on the session.

    ``text_params`` names path parameters that are free text rather than ids; they are
    percent-encoded instead of checked as digits.

    The generator (``codegen/``) also records what the SDK needs to call it: the Books
    ``module``; the answer's ``shape`` (``object``: ``answer[key]`` is one ``model``;
    ``list``/``page``: a list of them, paged or not; ``action``: only ``code`` and ``message``;
    ``answer``: the whole answer is the ``model``; ``file``: a document); whether it is
    ``idempotent`` (safe to send again after a lost answer); and its keyword ``inputs``
    (see ``zbooks_async.fields``).

    Some functions of hand-written modules take their keywords typed by a hand-written
    TypedDict instead (``fields``, ``"package.module:Class"``); ``path_in_body`` names path ids
    Zoho also wants in the body; ``empty_body`` says what a call without fields does: ``"none"``
    sends no body, any other text refuses the call with that reason; ``required`` names fields
    a body with any fields must hold (``required_to`` says what for). ``query_keywords`` are
    explicit keyword arguments sent as query parameters, by kind (``id``, ``date``).
    """

    name: str
    method: str
    path: str
    scope: str
    text_params: frozenset[str] = frozenset()
    module: str = attrs.field(default="", kw_only=True)
    shape: str = attrs.field(default="object", kw_only=True)
    key: str | None = attrs.field(default=None, kw_only=True)
    model: str | None = attrs.field(default=None, kw_only=True)
    idempotent: bool | None = attrs.field(default=None, kw_only=True)
    inputs: Mapping[str, Sequence[Any]] = attrs.field(factory=dict, kw_only=True, eq=False, repr=False)
    fields: str | None = attrs.field(default=None, kw_only=True, repr=False)
    path_in_body: tuple[str, ...] = attrs.field(default=(), kw_only=True, repr=False)
    empty_body: str | None = attrs.field(default=None, kw_only=True, repr=False)
    required: tuple[str, ...] = attrs.field(default=(), kw_only=True, repr=False)
    required_to: str | None = attrs.field(default=None, kw_only=True, repr=False)
    query_keywords: tuple[tuple[str, str], ...] = attrs.field(default=(), kw_only=True, repr=False)
    #: Limits Zoho puts on keyword values beyond their kind (``codegen/overlay.yml``
    #: ``constraints``): keyword -> {fact: limit}, enforced by ``checking.constrained``.
    constraints: Mapping[str, Mapping[str, Any]] = attrs.field(
        factory=dict, kw_only=True, eq=False, repr=False
    )
    #: False for the few calls Zoho answers without an organization (listing a user's
    #: organizations, creating one): they are sent without demanding ``organization_id``.
    organization: bool = attrs.field(default=True, kw_only=True, repr=False)
    _path_fields: tuple[str, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_path_fields", _placeholders(self.path))
        # Facts the generated tables leave out where they follow from the name and the method.
        if not self.module:
            object.__setattr__(self, "module", self.name.partition(".")[0])
        if self.idempotent is None:
            object.__setattr__(self, "idempotent", self.method.upper() in _IDEMPOTENT_METHODS)

    @property
    def path_params(self) -> tuple[str, ...]:
        """The placeholders of the path template, in order."""
        return self._path_fields

    def build_path(self, params: dict[str, object] | None = None) -> str:
        """Fill the template, checking every parameter; raises ValueError/TypeError if bad."""
        params = params or {}
        expected = self._path_fields
        if len(params) != len(expected):
            raise self._wrong_params(params)
        if not params:
            return self.path
        safe = {}
        for key in expected:
            if key not in params:
                raise self._wrong_params(params)
            value = params[key]
            safe[key] = _check_text(key, value) if key in self.text_params else check_id(key, value)
        return self.path.format_map(safe)

    def _wrong_params(self, params: dict[str, object]) -> TypeError:
        expected = sorted(self._path_fields)
        return TypeError(f"{self.name} needs path parameters {expected}, got {sorted(params)}")
