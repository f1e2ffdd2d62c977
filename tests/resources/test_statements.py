"""books.contacts.statements with HTTP mocked by aioresponses: requests sent, answers read, errors."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from aioresponses import aioresponses

from zbooks_async import (
    MalformedResponseError,
    NotFoundError,
    OutcomeUnknownError,
    ValidationError,
    ZohoBooks,
    jsoncodec,
)
from zbooks_async.converter import unstructure
from zbooks_async.models.statements import ContactStatement

from ..http_mock import ORG, sent
from .contact_examples import CID, example, files_in, same_json, split, url

STATEMENT = {
    "contact_id": CID,
    "contact_name": "Bowman & Co",
    "currency_code": "USD",
    "start_date": "2024-01-01",
    "end_date": "2024-01-31",
    "opening_balance": Decimal("100.00"),
    "balance_due": Decimal("1250.50"),
    "transactions": [
        {
            "transaction_id": "1",
            "transaction_type": "invoice",
            "date": "2024-01-05",
            "amount": Decimal("1150.50"),
        },
    ],
}
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


async def test_get_sends_the_period_and_reads_a_typed_statement(books: ZohoBooks, http: aioresponses) -> None:
    http.get(
        url("/statements"), body=jsoncodec.dumps({"code": 0, "message": "success", "statement": STATEMENT})
    )
    statement = await books.contacts.statements.get(
        CID, start_date=date(2024, 1, 1), end_date=date(2024, 1, 31)
    )
    assert statement.balance_due == Decimal("1250.50")
    assert statement.start_date == date(2024, 1, 1)
    assert statement.transactions is not None and statement.transactions[0].date == date(2024, 1, 5)
    [(method, target, _)] = sent(http)
    assert method == "GET"
    assert split(target) == (
        f"/contacts/{CID}/statements",
        {"organization_id": ORG, "start_date": "2024-01-01", "end_date": "2024-01-31"},
    )


async def test_statement_round_trips_to_the_same_json(books: ZohoBooks, http: aioresponses) -> None:
    http.get(
        url("/statements"), body=jsoncodec.dumps({"code": 0, "message": "success", "statement": STATEMENT})
    )
    statement = await books.contacts.statements.get(CID)
    same_json(STATEMENT, unstructure(statement))
    assert isinstance(statement, ContactStatement)


async def test_pdf_asks_for_pdf_and_returns_the_bytes(books: ZohoBooks, http: aioresponses) -> None:
    http.get(url("/statements"), body=PDF, content_type="application/pdf")
    data = await books.contacts.statements.pdf(CID, end_date=date(2024, 2, 29))
    assert data == PDF
    [(_, target, _)] = sent(http)
    assert split(target)[1] == {"organization_id": ORG, "end_date": "2024-02-29", "accept": "pdf"}


async def test_pdf_refuses_a_json_answer(books: ZohoBooks, http: aioresponses) -> None:
    http.get(url("/statements"), payload={"code": 0, "message": "success", "statement": {}})
    with pytest.raises(MalformedResponseError, match="expected a document"):
        await books.contacts.statements.pdf(CID)


async def test_download_refuses_a_json_answer_and_writes_nothing(
    books: ZohoBooks, http: aioresponses, tmp_path: Path
) -> None:
    http.get(url("/statements"), payload={"code": 0, "message": "success", "statement": {}})
    with pytest.raises(MalformedResponseError, match="expected a document"):
        await books.contacts.statements.download(CID, tmp_path / "s.pdf")
    assert files_in(tmp_path) == []


async def test_download_of_a_missing_contact_raises_and_writes_nothing(
    books: ZohoBooks, http: aioresponses, tmp_path: Path
) -> None:
    http.get(url("/statements"), status=404, payload={"code": 1002, "message": "Contact does not exist."})
    with pytest.raises(NotFoundError) as raised:
        await books.contacts.statements.download(CID, tmp_path / "s.pdf")
    assert raised.value.code == 1002 and raised.value.path == f"/contacts/{CID}/statements"
    assert files_in(tmp_path) == []


async def test_download_into_a_missing_folder_fails_before_sending(
    books: ZohoBooks, http: aioresponses, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="not a folder"):
        await books.contacts.statements.download(CID, tmp_path / "nowhere" / "s.pdf")
    assert http.requests == {}


async def test_email_with_custom_content_sends_the_json_body_and_period(
    books: ZohoBooks, http: aioresponses
) -> None:
    http.post(url("/statements/email"), payload=example("POST", "/contacts/{contact_id}/statements/email"))
    result = await books.contacts.statements.email(
        CID,
        start_date=date(2013, 9, 1),
        end_date=date(2013, 9, 30),
        send_from_org_email_id=True,
        to_mail_ids=["willsmith@bowmanfurniture.com"],
        cc_mail_ids=["peterparker@bowmanfurniture.com"],
        subject="Statement of transactions",
        body="Dear Customer, ...",
    )
    assert result.message == "Statement has been sent to the Customer."
    [(method, target, kwargs)] = sent(http)
    assert method == "POST"
    assert split(target)[1] == {"organization_id": ORG, "start_date": "2013-09-01", "end_date": "2013-09-30"}
    assert json.loads(kwargs["data"]) == {
        "send_from_org_email_id": True,
        "to_mail_ids": ["willsmith@bowmanfurniture.com"],
        "cc_mail_ids": ["peterparker@bowmanfurniture.com"],
        "subject": "Statement of transactions",
        "body": "Dear Customer, ...",
    }


async def test_email_without_fields_sends_no_body_for_the_default_content(
    books: ZohoBooks, http: aioresponses
) -> None:
    http.post(
        url("/statements/email"), payload={"code": 0, "message": "Statement has been sent to the Customer."}
    )
    await books.contacts.statements.email(CID)
    [(_, _, kwargs)] = sent(http)
    assert kwargs["data"] is None


async def test_email_is_not_replayed_after_a_server_error(books: ZohoBooks, http: aioresponses) -> None:
    http.post(
        url("/statements/email"), status=500, payload={"code": 1000, "message": "Internal error"}, repeat=True
    )
    with pytest.raises(OutcomeUnknownError):
        await books.contacts.statements.email(CID)
    assert len(sent(http)) == 1


async def test_vendor_email_rejected_by_zoho_is_a_validation_error(
    books: ZohoBooks, http: aioresponses
) -> None:
    http.post(
        url("/vendorstatements/email"),
        status=400,
        payload={"code": 4, "message": "Invalid value passed for to_mail_ids"},
    )
    with pytest.raises(ValidationError, match="to_mail_ids"):
        await books.contacts.statements.email_vendor(CID, to_mail_ids=["x@y.com"], subject="s", body="b")


async def test_email_content_reads_the_documented_example(books: ZohoBooks, http: aioresponses) -> None:
    documented = example("GET", "/contacts/{contact_id}/statements/email")
    http.get(url("/statements/email"), body=jsoncodec.dumps(documented))
    content = await books.contacts.statements.email_content(CID, start_date=date(2013, 9, 1))
    assert content.contact_id == "460000000026049"
    assert content.to_contacts is not None and content.to_contacts[0].contact_person_id == "460000000026051"
    assert content.from_emails is not None and content.from_emails[0].selected is True
    same_json(documented["data"], unstructure(content))


async def test_vendor_email_content_reads_data(books: ZohoBooks, http: aioresponses) -> None:
    http.get(
        url("/vendorstatements/email"),
        payload={"code": 0, "message": "success", "data": {"subject": "Statement", "contact_id": 7}},
    )
    content = await books.contacts.statements.vendor_email_content(CID)
    assert (content.subject, content.contact_id) == ("Statement", "7")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"start_date": "01/01/2024"}, ValueError, "start_date must be a date or 'YYYY-MM-DD'"),
        ({"end_date": datetime(2024, 1, 1)}, TypeError, "end_date"),
        ({"start_date": date(2024, 2, 1), "end_date": date(2024, 1, 1)}, ValueError, "after end_date"),
    ],
)
async def test_bad_dates_raise_before_any_request(
    books: ZohoBooks, http: aioresponses, kwargs: dict[str, object], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        await books.contacts.statements.get(CID, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(error, match=match):
        await books.contacts.statements.email(CID, **kwargs)  # type: ignore[arg-type]
    assert http.requests == {}


@pytest.mark.parametrize("bad_id", ["1/../../x", "", "abc", "12 3"])
async def test_bad_ids_raise_before_any_request(books: ZohoBooks, http: aioresponses, bad_id: str) -> None:
    statements = books.contacts.statements
    for call in (
        statements.get(bad_id),
        statements.pdf(bad_id),
        statements.email(bad_id),
        statements.email_content(bad_id),
        statements.email_vendor(bad_id),
        statements.vendor_email_content(bad_id),
    ):
        with pytest.raises(ValueError, match="contact_id"):
            await call
    assert http.requests == {}


@pytest.mark.parametrize(
    ("fields", "error", "match"),
    [
        ({"subject": "only a subject"}, ValueError, "to_mail_ids, body are required"),
        ({"to_mail_ids": "a@b.com", "subject": "s", "body": "b"}, TypeError, "to_mail_ids"),
        ({"to_mail_id": ["a@b.com"]}, TypeError, "unknown keyword 'to_mail_id'; did you mean to_mail_ids"),
    ],
)
async def test_bad_email_fields_raise_before_any_request(
    books: ZohoBooks, http: aioresponses, fields: dict[str, object], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        await books.contacts.statements.email(CID, **fields)  # type: ignore[arg-type]
    assert http.requests == {}
