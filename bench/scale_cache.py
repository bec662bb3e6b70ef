"""The warm runs' cache: Django's local-memory cache, counting its reads and hits.

A warm figure means something only if the product read its cache: the count says whether it did.
DRF's throttles keep their request history in the cache too; their keys are not counted.
"""

from django.core.cache.backends.locmem import LocMemCache

_MISSING = object()
THROTTLE_PREFIX = "throttle_"  # rest_framework.throttling.SimpleRateThrottle.cache_format


class CountingCache(LocMemCache):
    """LocMemCache (get_many and has_key go through get) with class-wide counts of reads and hits."""

    reads = 0
    hits = 0

    def get(self, key, default=None, version=None):
        value = super().get(key, _MISSING, version)
        if str(key).startswith(THROTTLE_PREFIX):
            return default if value is _MISSING else value
        CountingCache.reads += 1
        if value is _MISSING:
            return default
        CountingCache.hits += 1
        return value

    @classmethod
    def reset(cls) -> None:
        cls.reads = cls.hits = 0
