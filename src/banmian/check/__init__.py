"""CHECK: a finished PDF in, a report out.

``preflight`` reads the PDF back independently of the engine — fonts, colour,
ink, resolution, boxes, the text a viewer copies — as the printing plant would.
"""
