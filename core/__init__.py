"""The ground floor: text, names and keys that models store, fields, bulk writes, slugs, API and
filter bases, charts. It imports no app."""
