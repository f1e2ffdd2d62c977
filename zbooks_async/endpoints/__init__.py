"""The runtime the generated layer stands on: the resource base, sending an operation and reading its
answer. Hand-written and small; it imports nothing generated, and generated code imports only it (and
the pipeline's values, operations, checking and models.base) from the hand-written side."""
