"""Settings of bench_scale.py, in process and in its gunicorn: bench_settings', with every cache
off when BENCH_SCALE_CACHE=off (the cold figures: each request as if the cache were empty), and
each local-memory cache counting its hits otherwise (bench/scale_cache.py)."""

import os

from bench import bench_settings

globals().update({name: getattr(bench_settings, name) for name in dir(bench_settings) if name.isupper()})

DUMMY = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
COUNTING = "bench.scale_cache.CountingCache"

if os.environ.get("BENCH_SCALE_CACHE") == "off":
    CACHES = {alias: DUMMY for alias in bench_settings.CACHES}
else:
    CACHES = {
        alias: {**cache, "BACKEND": COUNTING} if cache["BACKEND"] == LOCMEM else cache
        for alias, cache in bench_settings.CACHES.items()
    }
