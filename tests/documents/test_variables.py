"""The one Jinja variable walker (dossier.documents.variables), used by the checks and the builder."""

from __future__ import annotations

from jinja2 import Environment

from dossier.documents.variables import template_reads

SOURCE = """{{ co_so.ten }} {{ co_so["dia_chi"] }}
{% for h in hang_muc %}{{ h.ten }} {{ loop.index }}{% endfor %}
{% set tong = kinh_phi.tong %}{{ tong }} {{ muc.so }}
{% for k, v in bang.items() %}{{ v }}{% endfor %}{{ ds[0].ten }} {{ ten.upper() }}
{{ x.__class__ }}"""


def test_paths_list_items_and_template_local_names() -> None:
    reads = template_reads(Environment().parse(SOURCE), {"muc": "hang_muc[]"})
    assert set(reads.paths) == {"co_so.ten", "co_so.dia_chi", "hang_muc", "hang_muc[].ten", "kinh_phi.tong",
                                "hang_muc[].so", "bang", "ds[].ten", "ten", "x.__class__"}
    assert reads.paths["hang_muc[].ten"] == 2 and reads.paths["kinh_phi.tong"] == 3
    assert "hang_muc.ten" in reads.plain_paths() and "ds.ten" in reads.plain_paths()
    assert reads.internals == [("__class__", 5)]


def test_the_builder_and_the_checks_share_it() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    builder = (root / "templates_docx" / "build_templates.py").read_text(encoding="utf-8")
    checks = (root / "dossier" / "documents" / "checks.py").read_text(encoding="utf-8")
    for source in (builder, checks):
        assert "template_reads" in source and "nodes.Getattr" not in source
