"""Importing the SDK (and using it) pulls in no test machinery unless asked for."""

from __future__ import annotations

import subprocess
import sys

TEST_MACHINERY = ("unittest", "unittest.mock", "aiohttp.test_utils", "pytest")


def modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_importing_the_sdk_loads_no_test_machinery() -> None:
    loaded = modules_after("import zbooks_async, zbooks_async.transport")
    assert not loaded & set(TEST_MACHINERY)


def test_the_in_process_transport_is_loaded_when_asked_for() -> None:
    loaded = modules_after("from zbooks_async.transport import InProcessTransport")
    assert "zbooks_async.transport.inprocess" in loaded


# Start-up (issue 24): ``import zbooks_async`` runs none of the SDK's modules, and
# ``from zbooks_async import ZohoBooks`` loads the client and its pipeline only. What a first
# call needs (the Contacts resource and models, the converter) loads with that call.
NEVER_WITH_THE_PACKAGE = (
    "aiohttp",
    "attrs",
    "cattrs",
    "msgspec",
    "redis",
    "zbooks_async.client",
    "zbooks_async.errors",
    "zbooks_async.pipeline",
)
NEVER_WITH_THE_CLIENT = (
    "cattrs",
    "redis",
    "zbooks_async.auth.refresh",
    "zbooks_async.auth.redis_store",
    "zbooks_async.batching",
    "zbooks_async.bulk",
    "zbooks_async.cli",
    "zbooks_async.converter",
    "zbooks_async.inputs",
    "zbooks_async.limits.redis_limiter",
    "zbooks_async.models",
    "zbooks_async.models.contacts",
    "zbooks_async.pagination",
    "zbooks_async.resources",
    "zbooks_async.resources.contacts",
    "zbooks_async.sandbox",
    "zbooks_async.serialization",
    "zbooks_async.structuring",
    "zbooks_async._generated.api",
    "zbooks_async._generated.models",
    "zbooks_async._generated.models.contacts",
    "zbooks_async._generated.operations",
    "zbooks_async._generated.params",
)
#: Packages whose names are imported on first use, with the public names they promise.
LAZY_PACKAGES = ("zbooks_async", "zbooks_async.models", "zbooks_async.auth", "zbooks_async.bulk")


def test_importing_the_package_runs_none_of_its_modules() -> None:
    loaded = modules_after("import zbooks_async")
    assert sorted(loaded & set(NEVER_WITH_THE_PACKAGE)) == []


def test_importing_the_client_leaves_models_converter_and_resources_for_the_first_call() -> None:
    loaded = modules_after("from zbooks_async import ZohoBooks")
    assert "zbooks_async.client" in loaded
    assert sorted(loaded & set(NEVER_WITH_THE_CLIENT)) == []


def test_a_session_with_a_fixed_token_does_not_load_oauth_refresh_or_redis() -> None:
    loaded = modules_after(
        "from zbooks_async import ZohoBooks\n"
        "ZohoBooks(organization_id='1', access_token='t', base_url='http://127.0.0.1:9')"
    )
    assert sorted(loaded & {"zbooks_async.auth.refresh", "redis", "zbooks_async.resources.contacts"}) == []


def test_every_public_name_of_each_lazy_package_imports_in_a_fresh_process() -> None:
    # ``from package import *`` asks for every name of ``__all__``; a name whose module moved
    # or whose entry is missing fails here, in a process where nothing else loaded it first.
    code = "\n".join(f"from {package} import *" for package in LAZY_PACKAGES)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_lazy_name_is_the_object_its_module_defines() -> None:
    import importlib

    import zbooks_async
    from zbooks_async.models.contacts import Contact
    from zbooks_async.pipeline.values import RequestOptions

    assert zbooks_async.Contact is Contact
    assert zbooks_async.RequestOptions is RequestOptions
    for package_name in LAZY_PACKAGES:
        package = importlib.import_module(package_name)
        missing = [name for name in package.__all__ if not hasattr(package, name)]
        assert missing == [], package_name
        assert set(package.__all__) <= set(dir(package)), package_name
    assert len(zbooks_async.OPERATIONS) > 0


def test_an_unknown_name_is_an_attribute_error() -> None:
    import zbooks_async
    import zbooks_async.models

    for package in (zbooks_async, zbooks_async.models):
        try:
            package.NoSuchName  # type: ignore[attr-defined]  # noqa: B018
        except AttributeError as error:
            assert "NoSuchName" in str(error)
        else:
            raise AssertionError(f"{package.__name__}.NoSuchName did not raise")


def test_each_module_behind_a_lazy_name_imports_first_in_a_fresh_package() -> None:
    # With the packages lazy, modules load in whatever order callers ask for them: each one
    # must import on its own, with no other module of the SDK loaded before it.
    probe = """
import importlib, sys
from importlib.util import resolve_name
from zbooks_async._lazy import EXPORTS
targets = set()
for name in sys.argv[1:]:
    importlib.import_module(name)
    for source in EXPORTS[name].values():
        targets.add(resolve_name(source, name))
failed = []
for target in sorted(targets):
    for loaded in [m for m in sys.modules if m == "zbooks_async" or m.startswith("zbooks_async.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(target)
    except Exception as error:
        failed.append(f"{target}: {type(error).__name__}: {error}")
print(len(targets))
print("\\n".join(failed))
"""
    result = subprocess.run(
        [sys.executable, "-c", probe, *LAZY_PACKAGES], capture_output=True, text=True, check=True
    )
    count, *failed = result.stdout.strip().splitlines()
    assert int(count) >= 20
    assert failed == []
