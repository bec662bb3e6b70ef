"""Settings of bench_api.py's gunicorn: pubtracker's own, with bench/floor_urls.py as the root URLconf.

The floor view is served beside the product's URLs, in the same processes, and is never part of
pubtracker.urls: only the benchmark points DJANGO_SETTINGS_MODULE here.
"""

import runpy
from pathlib import Path

# Run pubtracker/settings.py as a file, not `from pubtracker.settings import *`: importing the
# pubtracker package first imports pubtracker.celery, which reads django.conf.settings, which
# would import this module again while it is still half-executed.
_BASE = runpy.run_path(str(Path(__file__).resolve().parent.parent / "pubtracker" / "settings.py"))
globals().update({name: value for name, value in _BASE.items() if name.isupper()})

ROOT_URLCONF = "bench.floor_urls"
