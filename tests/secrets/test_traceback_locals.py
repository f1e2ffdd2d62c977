"""Loggers that print each frame's locals (loguru's ``diagnose``) find no token in the pipeline's
frames of an error a caller catches, nor in the errors chained to it."""

from __future__ import annotations

from types import TracebackType

import pytest
from aioresponses import aioresponses

from tests.secrets.secret_support import CONTACT_ID, ONE_CONTACT, leaks
from zbooks_async import AuthenticationError, ServerError, ZohoBooks


def locals_shown(error: BaseException | None) -> str:
    """What a diagnose-style logger would print: every local of every frame, chain included."""
    shown: list[str] = []
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        tb: TracebackType | None = error.__traceback__
        while tb is not None:
            shown += [f"{name}={value!r}" for name, value in tb.tb_frame.f_locals.items()]
            tb = tb.tb_next
        error = error.__cause__ or error.__context__
    return "\n".join(shown)


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (401, '{"code":57,"message":"You are not authorized"}', AuthenticationError),
        (500, '{"code":1000,"message":"Internal error"}', ServerError),
    ],
)
async def test_no_frame_of_a_caught_error_holds_the_token_in_a_local(
    books: ZohoBooks, mocked: aioresponses, status: int, body: str, error: type[Exception]
) -> None:
    for _ in range(3):
        mocked.get(ONE_CONTACT, status=status, body=body)
    with pytest.raises(error) as caught:
        await books.contacts.get(CONTACT_ID)
    assert leaks(locals_shown(caught.value)) == []
