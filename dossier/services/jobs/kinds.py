"""Import the modules whose job kinds every process must know (web: the download; worker: the run)."""

from __future__ import annotations


def load_kinds() -> None:
    """Register the services' job kinds (the demo's is registered by the commands that build it)."""
    import dossier.services.exchange_jobs  # noqa: F401  (registers "exchange_send" and its periodic hook)
    import dossier.services.pdf_jobs  # noqa: F401  (registers "dossier_pdfs")
    import dossier.services.plan_jobs  # noqa: F401  (registers "plan_documents")
