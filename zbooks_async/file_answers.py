"""What a file answer must look like before it is handed back or saved.

Zoho answers a document call with the file; but a proxy's maintenance page (200 ``text/html``),
an empty body, or Zoho's own ``{"code": 1002, ...}`` sent as ``text/plain`` also arrive with
status 200. None of those is the file: each raises MalformedResponseError and nothing is written
to the caller's path.

- A PDF (``accept=pdf``, and the ``.../pdf`` and ``.../print`` operations) must come as
  ``application/pdf`` and start with the ``%PDF`` signature.
- Any other file (attachments, receipts, documents: images, octet streams, text files...) must
  not be empty, not an HTML page, and not a Zoho JSON envelope.

Pure functions: the caller reads the answer's head (and a small whole body) and passes it here.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import jsoncodec
from .errors import MalformedResponseError
from .operations import Operation
from .pipeline.decode import describe_body

PDF_SIGNATURE = b"%PDF"
#: How much of a file answer is read to check it; only an answer this short can be an envelope.
HEAD_BYTES = 8192
_PDF_PATH_ENDS = ("pdf", "print")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def expects_pdf(operation: Operation, query: Mapping[str, object] | None) -> bool:
    """Whether ``operation`` (sent with ``query``) answers a PDF: ``accept=pdf``, or a path
    ending in ``/pdf`` or ``/print`` (Zoho's bulk export and print operations)."""
    if query is not None and str(query.get("accept", "")).lower() == "pdf":
        return True
    return operation.path.rstrip("/").rsplit("/", 1)[-1] in _PDF_PATH_ENDS


def check_file_answer(
    operation: Operation,
    *,
    pdf: bool,
    content_type: str | None,
    head: bytes,
    size: int,
    status: int,
) -> None:
    """Raise MalformedResponseError unless the answer looks like the file asked for.

    ``head`` is the answer's first bytes (at least ``HEAD_BYTES`` of them when it is longer),
    ``size`` its whole length.
    """
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    wrong = None
    if size == 0:
        wrong = "an empty body"
    elif media_type in _HTML_TYPES:
        wrong = "an HTML page"
    elif _zoho_envelope(head, size) is not None:
        wrong = "Zoho's JSON answer"
    elif pdf and media_type != "application/pdf":
        wrong = f"a {media_type or 'untyped'} answer"
    elif pdf and not head.startswith(PDF_SIGNATURE):
        wrong = "a body without the %PDF signature"
    if wrong is None:
        return
    envelope = _zoho_envelope(head, size)
    if envelope is not None:
        summary = (
            f"code {envelope.get('code')!r} ({envelope.get('message', '')!s}) "
            f"sent as {content_type or 'no content type'}"
        )
    else:
        summary = describe_body(content_type, head, size)
    kind = "a PDF" if pdf else "a file"
    raise MalformedResponseError(
        f"expected {kind} from {operation.name}, got {wrong}: {summary}; nothing was saved",
        http_status=status,
        method=operation.method,
    )


def _zoho_envelope(head: bytes, size: int) -> Mapping[str, object] | None:
    """The answer as Zoho's ``{"code": ..., ...}`` JSON object, if that is what it is."""
    if size > len(head) or not head.lstrip()[:1] == b"{":
        return None
    try:
        data = jsoncodec.loads(head)
    except ValueError:
        return None
    if isinstance(data, dict) and "code" in data:
        return data
    return None
