"""APP: what a user runs around the pipeline.

``cli`` (arguments, exit codes), ``watch`` (live rebuild), ``proof`` (PNG
proofs), ``epaper`` (the digital edition page), ``report`` (copy-fit and
warnings), ``scaffold`` (``banmian new``), ``schema`` (JSON Schemas from the
loader), ``cache`` (the build cache in ``out/.cache``), ``files`` (atomic writes).
"""
