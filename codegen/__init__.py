"""The generator of zbooks_async/_generated (dev-time only): `python -m codegen`."""
