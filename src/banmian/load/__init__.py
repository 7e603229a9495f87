"""LOAD: content and layout files in, frozen dataclasses out.

``yamlsource`` reads YAML keeping every value's line and column, so any
problem becomes a located ``LoadError``; ``content`` and ``layout`` turn the
documents into ``Issue`` and ``Layout``; ``normalize`` sets half-width
punctuation in Chinese text full-width and records each change.
"""
