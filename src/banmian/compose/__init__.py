"""COMPOSE: text in, justified lines of positioned glyphs out.

``fonts`` shapes with HarfBuzz and knows each face's coverage; ``cjk`` holds
the Chinese line-composition rules (kinsoku, punctuation widths); ``linebreak``
is the total-fit breaker; ``paragraph`` turns a paragraph into lines;
``blocks`` turns an article into its headline block, flow items and photo
pieces; ``kept`` keeps compositions between builds.
"""
