"""Fetch: a listing's bytes from the web (client, pure) and a source's page kept on its run (source)."""
