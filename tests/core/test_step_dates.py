"""A step walked today for a 2025 dossier is dated 2025: its history row keeps the step's date
beside the time it was recorded, and its documents print and cite their Căn cứ by that date."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import select

from dossier.model import GeneratedDocument, TransitionRecord
from tests.core.helpers import new_dossier, walk_dossier
from workflows import Status, Trigger
from workflows.walks import route


def test_a_2025_walk_dates_its_steps_and_cites_the_2025_bases(db, users) -> None:
    dossier_id = new_dossier(db, users, year=2025)
    steps = route(Status.DRAFT, Status.IN_PROGRESS)
    dates = {step.trigger: date(2025, 3, 3) + timedelta(days=4 * i) for i, step in enumerate(steps)}
    walk_dossier(db, users, dossier_id, Status.IN_PROGRESS, dates=dates)
    with db.read() as session:
        records = session.scalars(select(TransitionRecord).where(TransitionRecord.dossier_id == dossier_id)
                                  .order_by(TransitionRecord.id)).all()
        assert [r.on for r in records] == [dates[Trigger(r.trigger)] for r in records]
        assert all(r.at.date() != r.on for r in records)  # recorded now, dated 2025
        docs = session.scalars(select(GeneratedDocument).where(GeneratedDocument.dossier_id == dossier_id)).all()
        contexts = {d.template_id: json.loads(d.context_json) for d in docs}
    cited = {tid: "\n".join(c.get("can_cu", [])) for tid, c in contexts.items() if c.get("can_cu")}
    assert {"qd_phe_duyet_de_an", "hop_dong_thuc_hien"} <= set(cited)
    for template_id, text in cited.items():
        assert "235/2025" not in text, template_id
        assert "89/2025/QH15" not in text and "NQ-HĐND" not in text, template_id
    assert "Thông tư số 46/2012/TT-BCT" in cited["hop_dong_thuc_hien"]
    assert "Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015" in cited["qd_phe_duyet_de_an"]
    assert "năm 2025" in contexts["qd_phe_duyet_de_an"]["dia_danh_ngay"]
