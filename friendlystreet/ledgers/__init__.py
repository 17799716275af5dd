"""Exports (台账): ledgers staff download as CSV or XLSX, written by a background task.

friendlystreet never imports a feature app: each app registers the kinds of export it owns
(registry.register_export_kind, from its own exports.py, called in its AppConfig.ready()), and
this package runs them: the Export row, the Celery task that streams rows to a file, the
staff page, the API, the 7-day expiry.
"""
