"""`python -m dossier …`: the same as the `dossier` command (run-demo starts its worker so)."""

from dossier.cli import main

main()
