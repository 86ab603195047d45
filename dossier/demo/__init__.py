"""Demo data: a province, its bodies and people, a programme and dossiers in every state."""
