"""PAGE: article pieces in, the placed page (display list) out.

Everything that decides where things go: ``grid`` (whole columns × whole body
lines), ``flow`` (items into free column segments), ``fit`` (the arrangement
that makes every column flush), ``place`` (page coordinates), and ``display``,
the plain data the later stages read.
"""
