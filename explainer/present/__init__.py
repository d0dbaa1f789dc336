"""Presentation: ids and numbers into the reader's words, numbers and charts (i18n, money, labels, digest, markup, colours, charts)."""
