"""The ``Sandbox`` handle: one object owning a sandbox's state, counters, tokens and limits.

``create_app`` stores it under ``SANDBOX_KEY``; tests reach it with ``get_sandbox(app)``
and use it as the ground truth and the remote control of the fake server.
"""

from __future__ import annotations

from aiohttp import web

from .auth import Tokens
from .config import SandboxConfig
from .faults import FaultInjector
from .limits import Budget, Limits
from .seed import seed_contacts
from .state import JSONObject, Organization, SandboxState
from .stats import SandboxStats


class Sandbox:
    """Everything one running sandbox knows. Attributes are live, not copies.

    - ``state``: the data (``sandbox.organization(org_id).contacts``)
    - ``stats``: the traffic counters (``SandboxStats``)
    - ``tokens``, ``limits``, ``faults``: the auth, limit and fault machinery
    """

    def __init__(self, config: SandboxConfig | None = None) -> None:
        self.config = config or SandboxConfig()
        self.state = SandboxState(
            self.config.wall_clock,
            self.config.utc_offset_minutes,
            self.config.utc_offset_at if self.config.time_zone is not None else None,
        )
        self.stats = SandboxStats()
        self.tokens = Tokens(self.config)
        self.limits = Limits(self.config)
        self.faults = FaultInjector(self.config.faults)
        if self.config.seed_contacts:
            self.seed(self.config.seed_contacts)

    def organization(self, organization_id: str | None = None) -> Organization:
        """The data store of an organization (default: ``config.default_organization_id``)."""
        return self.state.organization(organization_id or self.config.default_organization_id)

    def contacts(self, organization_id: str | None = None) -> list[JSONObject]:
        """The stored contacts of an organization, in creation order."""
        return list(self.organization(organization_id).contacts.values())

    def seed(
        self, count: int, organization_id: str | None = None, seed: int | None = None
    ) -> list[str]:
        """Add ``count`` generated contacts to an organization; return their ids.

        The same seed on the same starting state always yields the same contacts.
        """
        org = self.organization(organization_id)
        return seed_contacts(
            org,
            count,
            self.config.seed if seed is None else seed,
            self.state.timestamp,
        )

    def reset(self) -> None:
        """Back to the starting state: no data (except the configured seed), zeroed counters,
        fresh tokens (the refresh token works again), empty limit windows, fault RNG reseeded.
        """
        self.state.clear()
        self.stats.clear()
        self.tokens = Tokens(self.config)
        self.limits = Limits(self.config)
        self.faults = FaultInjector(self.config.faults)
        if self.config.seed_contacts:
            self.seed(self.config.seed_contacts)

    def budget(self, organization_id: str | None = None) -> Budget | None:
        """The organization's daily budget now, as its ``X-Rate-Limit-*`` headers state it.

        None when the sandbox has no daily cap (``daily_budget=None``).
        """
        return self.limits.budget(organization_id or self.config.default_organization_id)

    def expire_tokens(self) -> None:
        """Make every access token in use fail with 401 code 57, as if it expired."""
        self.tokens.expire_all()

    def revoke_refresh_token(self) -> None:
        """Make the accounts server answer ``invalid_code`` to further refresh requests."""
        self.tokens.revoke_refresh_token()

    async def wait_in_flight(self, count: int, organization_id: str | None = None) -> None:
        """Wait until ``count`` API requests of the organization are being handled."""
        await self.limits.wait_in_flight(
            organization_id or self.config.default_organization_id, count
        )

    async def wait_idle(self) -> None:
        """Wait until no API request is being handled (a sync point for tests)."""
        await self.limits.wait_idle()


SANDBOX_KEY = web.AppKey("zbooks_sandbox", Sandbox)


def get_sandbox(app: web.Application) -> Sandbox:
    """The ``Sandbox`` handle of an app made by ``create_app``."""
    return app[SANDBOX_KEY]
