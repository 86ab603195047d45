"""Packaging hook (the metadata is in pyproject.toml): the wheel carries the Word templates.

templates_docx/ stays the repository's top-level folder, beside the code that builds it; the
wheel gets its shipped files (template.docx, manifest.toml, sample.json per template, and
FIELDS.md) as dossier/templates_docx/, where dossier.config.shipped_templates_dir finds them.
The builder's own Python files stay in the repository. An editable install reads the folder in
the checkout instead, so nothing is copied for it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

TEMPLATES = Path(__file__).resolve().parent / "templates_docx"
SHIPPED = ("template.docx", "manifest.toml", "sample.json")


def shipped_files() -> list[Path]:
    """The files of templates_docx/ that the product reads, relative to it."""
    files = [Path("FIELDS.md")]
    for folder in sorted(p for p in TEMPLATES.iterdir() if (p / "manifest.toml").is_file()):
        files += [folder.relative_to(TEMPLATES) / name for name in SHIPPED if (folder / name).is_file()]
    return files


class BuildWithTemplates(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "dossier" / "templates_docx"
        for rel in shipped_files():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(TEMPLATES / rel, target / rel)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        target = Path(self.build_lib) / "dossier" / "templates_docx"
        return [*super().get_outputs(include_bytecode), *(str(target / rel) for rel in shipped_files())]


setup(cmdclass={"build_py": BuildWithTemplates})
