from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    return tuple(
        (ext, tuple(p for p in pats if "sourceMappingURL" not in (p[0] if isinstance(p, tuple) else p))) for ext, pats in patterns
    )


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Production's storage, minus the rewriting of source-map comments (bench/settings.py says why)."""

    patterns = _without_source_maps(ManifestStaticFilesStorage.patterns)
