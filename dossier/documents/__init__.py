"""Document engine: template catalogue, sandboxed docxtpl rendering, checks and preflight.

The service layer should call :func:`dossier.documents.bounded.render_document` (rendering in a
time/memory-limited worker process) and :func:`dossier.documents.catalog.load_catalog`.
"""
