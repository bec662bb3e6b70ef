"""Regex pieces that mean the same in Python's re and in an OpenAPI schema's (ECMA) regex.

The API's schema gives its patterns to clients and to schemathesis, which read them as ECMA
regexes; the server checks the same patterns with Python's re. Shorthands differ between the two
(\\s, \\d, \\w and \\b are Unicode-wide in Python, not in ECMA), so shared patterns spell them out.
"""

# What str.isspace() (and Python's \s) calls a space, spelled out: what DRF strips from a text.
SPACE_CHARS = r"\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Where an ASCII word (and ECMA's \b before one) cannot go on: not after a letter, digit or "_".
WORD_START = r"(?<![0-9A-Za-z_])"
