"""OUTPUT: the display list in, PDF/X bytes out.

``render`` draws with ReportLab's canvas; ``pdffonts`` embeds each face as a
CID-keyed font subset; ``images`` prepares photos in newsprint CMYK;
``pdfx`` adds the PDF/X identification, output intent, boxes and fixed ids.
"""
