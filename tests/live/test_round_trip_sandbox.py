"""The live round trip run against the sandbox, so ``pytest -m live`` is known to work."""

from __future__ import annotations

from aiohttp import web

from zbooks_async import ZohoBooks
from zbooks_async.sandbox import Sandbox, SandboxConfig, create_app
from zbooks_async.sandbox.envelope import success
from zbooks_async.transport import InProcessTransport

from .round_trip import NAME_PREFIX, round_trip

ORG = "10234695"


def organization_route(router: web.UrlDispatcher, prefix: str) -> None:
    """GET /organizations/{id}, which the sandbox does not serve yet (test-only)."""

    async def get(request: web.Request) -> web.Response:
        organization_id = request.match_info["organization_id"]
        return success(organization={"organization_id": organization_id, "name": "Zylker"})

    router.add_get(f"{prefix}/organizations/{{organization_id:\\d+}}", get)


async def test_the_live_round_trip_holds_against_the_sandbox() -> None:
    sandbox = Sandbox(SandboxConfig(daily_budget=1000, seed_contacts=5))
    app = create_app(sandbox=sandbox, extra_routes=[organization_route])
    async with ZohoBooks(
        organization_id=ORG,
        access_token="t",
        base_url="http://sandbox.local/books/v3",
        transport=InProcessTransport(app),
    ) as books:
        observed = await round_trip(books, ORG)
    assert observed.organization_name == "Zylker"
    assert [b.limit for b in observed.budgets] == [1000, 1000]
    assert observed.budgets[-1].remaining < observed.budgets[0].remaining
    assert observed.listed.contact_name is not None and observed.listed.contact_name.startswith(NAME_PREFIX)
    assert len(sandbox.contacts()) == 5  # the contact it made is gone again
