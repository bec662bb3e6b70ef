"""Fetch: a listing's bytes from the web (client, pure), the polite client of the scholarly sources
(polite, pure) and the walk through every page of a person's works at each (pages, pure); a URL
source's page (source) and a followed identifier's pages (harvest) kept on their run."""
