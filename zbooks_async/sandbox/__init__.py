"""A local fake Zoho Books v3 server (aiohttp.web) for tests, examples and benchmarks.

    from zbooks_async.sandbox import SandboxConfig, create_app, get_sandbox

    app = create_app(SandboxConfig(seed_contacts=450))
    sandbox = get_sandbox(app)          # ground truth and remote control
    sandbox.organization().contacts     # {contact_id: stored contact}

URLs: the API under ``/books/v3`` (SDK base_url ``http://127.0.0.1:PORT/books/v3``), the
accounts server at ``POST /oauth/v2/token``, and admin endpoints (no auth, no limits, no
faults): ``GET /_sandbox/stats``, ``GET /_sandbox/contacts[?organization_id=]``,
``POST /_sandbox/reset``, ``POST /_sandbox/seed?count=N[&organization_id=][&seed=]``,
``POST /_sandbox/tokens/expire``, ``POST /_sandbox/tokens/revoke``.

API requests pass, in order: routing (404 code 5, 405 code 37), auth (401 code 14 without a
token, 57 for a bad or expired one or one lacking the operation's scope), ``organization_id``
(400 code 2), faults, limits (429 codes 45, 44, 1070), latency, handler. Every answer for an
organization carries Zoho's ``X-Rate-Limit-Limit/-Remaining/-Reset`` headers; the daily budget
renews at the organization's local midnight. Error messages live in ``errors.py``.
Connection-drop faults need a real socket; called in process they raise ``SimulatedDisconnect``.
"""

from .app import create_app
from .clock import ManualClock
from .config import FAULT_KINDS, FaultConfig, SandboxConfig
from .faults import SimulatedDisconnect
from .handle import SANDBOX_KEY, Sandbox, get_sandbox
from .pipeline import API_PREFIX
from .serve import run_sandbox, serve
from .state import Organization, SandboxState
from .stats import RecordedRequest, SandboxStats

__all__ = [
    "API_PREFIX",
    "FAULT_KINDS",
    "SANDBOX_KEY",
    "FaultConfig",
    "ManualClock",
    "Organization",
    "RecordedRequest",
    "Sandbox",
    "SandboxConfig",
    "SandboxState",
    "SandboxStats",
    "SimulatedDisconnect",
    "create_app",
    "get_sandbox",
    "run_sandbox",
    "serve",
]
