"""CHECK: the placed page and the finished PDF judged, independently of the
engine that made them.

``conventions`` reads the placed page (the display list) against the layout
conventions of a Chinese newspaper page. ``preflight`` reads a PDF back as
the printing plant would: ``content`` interprets its content streams
(``operators`` says what each operator takes), ``fontread`` and ``imageread``
read its fonts and images, and ``findings`` holds what they report and the
arithmetic they share.
"""
