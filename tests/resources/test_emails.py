"""books.contacts.emails with HTTP mocked by aioresponses: bodies, attachments, answers, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from aiohttp import FormData
from aioresponses import aioresponses

from zbooks_async import (
    NotFoundError,
    OutcomeUnknownError,
    PermissionDenied,
    ZohoBooks,
    jsoncodec,
)
from zbooks_async.pipeline.values import FilePart

from ..http_mock import ORG, sent
from .contact_examples import CID, example, split, url

CONTENT = {
    "code": 0,
    "message": "success",
    "data": {
        "subject": "Tell us how we did",
        "body": "Dear Will, ...",
        "contact_id": 460000000026049,
        "to_contacts": [{"contact_person_id": 460000000026051, "email": "will@bowman.com", "selected": True}],
        "from_emails": [{"user_name": "John", "email": "john@zillium.com", "selected": True}],
    },
}


async def test_send_posts_the_documented_body(books: ZohoBooks, http: aioresponses) -> None:
    http.post(url("/email"), payload=example("POST", "/contacts/{contact_id}/email"))
    result = await books.contacts.emails.send(
        CID,
        to_mail_ids=["willsmith@bowmanfurniture.com"],
        subject="Welcome to Zillium Inc .",
        body="Dear Customer, ...",
        send_customer_statement=True,
    )
    assert (result.code, result.message) == (0, "Email has been sent.")
    [(method, target, kwargs)] = sent(http)
    assert method == "POST"
    assert split(target) == (
        f"/contacts/{CID}/email",
        {"organization_id": ORG, "send_customer_statement": "true"},
    )
    assert kwargs["headers"]["Content-Type"] == "application/json"
    assert json.loads(kwargs["data"]) == {
        "to_mail_ids": ["willsmith@bowmanfurniture.com"],
        "subject": "Welcome to Zillium Inc .",
        "body": "Dear Customer, ...",
    }


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


async def test_send_with_attachments_is_multipart_with_jsonstring(
    books: ZohoBooks, http: aioresponses, tmp_path: Path
) -> None:
    http.post(url("/email"), payload={"code": 0, "message": "Email has been sent."})
    terms = _write(tmp_path / "terms.pdf", b"%PDF-1.4 terms")
    await books.contacts.emails.send(
        CID,
        to_mail_ids=["a@b.com"],
        subject="Terms",
        body="Attached.",
        attachments=[terms, FilePart("ignored", b"a,b\n1,2\n", "prices.csv", "text/csv")],
    )
    [(_, _, kwargs)] = sent(http)
    form = kwargs["data"]
    assert isinstance(form, FormData)
    fields = [(options["name"], options.get("filename")) for options, _, _ in form._fields]
    assert fields == [("JSONString", None), ("attachments", "terms.pdf"), ("attachments", "prices.csv")]
    sent_json = form._fields[0][2]
    assert json.loads(sent_json) == {"to_mail_ids": ["a@b.com"], "subject": "Terms", "body": "Attached."}


async def test_send_is_not_replayed_after_its_answer_is_lost(books: ZohoBooks, http: aioresponses) -> None:
    http.post(url("/email"), status=502, body="<html><title>Bad Gateway</title></html>", repeat=True)
    with pytest.raises(OutcomeUnknownError):
        await books.contacts.emails.send(CID, to_mail_ids=["a@b.com"], subject="s", body="b")
    assert len(sent(http)) == 1


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({}, TypeError, "needs body, subject, to_mail_ids"),
        ({"to_mail_ids": ["a@b.com"], "subject": "s"}, TypeError, "needs body"),
        ({"to_mail_ids": ["a@b.com"], "subject": "s", "body": "b", "cc": ["x"]}, TypeError, "unknown"),
        (
            {"to_mail_ids": ["a@b.com"], "subject": "s", "body": "b", "send_customer_statement": "yes"},
            TypeError,
            "send_customer_statement",
        ),
        (
            {"to_mail_ids": ["a@b.com"], "subject": "s", "body": "b", "attachments": [Path("/no/such.pdf")]},
            ValueError,
            "no such file",
        ),
        (
            {"to_mail_ids": ["a@b.com"], "subject": "s", "body": "b", "attachments": [b"%PDF-1.4"]},
            ValueError,
            "filename",
        ),
        (
            {"to_mail_ids": ["a@b.com"], "subject": "s", "body": "b", "attachments": b"%PDF-1.4"},
            TypeError,
            "list of files",
        ),
    ],
)
async def test_bad_send_arguments_raise_before_any_request(
    books: ZohoBooks, http: aioresponses, kwargs: dict[str, object], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        await books.contacts.emails.send(CID, **kwargs)  # type: ignore[arg-type]
    assert http.requests == {}


@pytest.mark.parametrize(
    ("method_name", "suffix"),
    [
        ("content", "/email"),
        ("client_review_content", "/clientreviews/email"),
        ("payment_method_request_content", "/paymentmethod/email"),
    ],
)
async def test_content_reads_the_email_zoho_proposes(
    books: ZohoBooks, http: aioresponses, method_name: str, suffix: str
) -> None:
    http.get(url(suffix), body=jsoncodec.dumps(CONTENT))
    content = await getattr(books.contacts.emails, method_name)(CID)
    assert content.subject == "Tell us how we did"
    assert content.to_contacts[0].contact_person_id == "460000000026051"
    [(method, target, _)] = sent(http)
    assert method == "GET" and split(target)[0] == f"/contacts/{CID}{suffix}"


@pytest.mark.parametrize(
    ("method_name", "path"),
    [
        ("send_client_review", "/contacts/{contact_id}/clientreviews/email"),
        ("send_payment_method_request", "/contacts/{contact_id}/paymentmethod/email"),
    ],
)
async def test_templated_sends_post_no_body_by_default_and_read_the_documented_answer(
    books: ZohoBooks, http: aioresponses, method_name: str, path: str
) -> None:
    documented = example("POST", path)
    http.post(url(path.removeprefix("/contacts/{contact_id}")), payload=documented)
    result = await getattr(books.contacts.emails, method_name)(CID)
    assert (result.code, result.message) == (documented["code"], documented["message"])
    [(method, target, kwargs)] = sent(http)
    assert method == "POST" and split(target)[0] == path.format(contact_id=CID)
    assert kwargs["data"] is None


async def test_templated_send_with_custom_content_sends_it(books: ZohoBooks, http: aioresponses) -> None:
    http.post(url("/clientreviews/email"), payload={"code": 0, "message": "success"})
    await books.contacts.emails.send_client_review(CID, to_mail_ids=["a@b.com"], subject="Review us")
    [(_, _, kwargs)] = sent(http)
    assert json.loads(kwargs["data"]) == {"to_mail_ids": ["a@b.com"], "subject": "Review us"}


async def test_email_to_a_missing_contact_is_not_found(books: ZohoBooks, http: aioresponses) -> None:
    http.post(
        url("/paymentmethod/email"), status=404, payload={"code": 1002, "message": "Contact does not exist."}
    )
    with pytest.raises(NotFoundError) as raised:
        await books.contacts.emails.send_payment_method_request(CID)
    assert raised.value.method == "POST" and raised.value.path == f"/contacts/{CID}/paymentmethod/email"


async def test_missing_scope_is_permission_denied(books: ZohoBooks, http: aioresponses) -> None:
    http.get(url("/email"), status=403, payload={"code": 1003, "message": "You do not have permission"})
    with pytest.raises(PermissionDenied):
        await books.contacts.emails.content(CID)


@pytest.mark.parametrize("bad_id", ["1/../../x", "", "abc", "12 3"])
async def test_bad_ids_raise_before_any_request(books: ZohoBooks, http: aioresponses, bad_id: str) -> None:
    emails = books.contacts.emails
    for call in (
        emails.send(bad_id, to_mail_ids=["a@b.com"], subject="s", body="b"),
        emails.content(bad_id),
        emails.send_client_review(bad_id),
        emails.client_review_content(bad_id),
        emails.send_payment_method_request(bad_id),
        emails.payment_method_request_content(bad_id),
    ):
        with pytest.raises(ValueError, match="contact_id"):
            await call
    assert http.requests == {}
