"""The workflow diagram: every state and every step of workflows.table in the SVG, the current state
marked, the accessible table, on /quy-trinh for every role and on the dossier page."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from web import diagram
from workflows import diagram as layout
from workflows.labels import STATUS_LABELS, TRIGGER_LABELS
from workflows.states import Status
from workflows.table import STEPS


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


NS = "{http://www.w3.org/2000/svg}"


def test_every_state_and_every_step_is_drawn() -> None:
    root = _parse(diagram.svg())
    states = {g.get("data-state") for g in root.iter(f"{NS}g") if g.get("data-state")}
    assert states == {s.value for s in Status}
    arrows = {(g.get("data-from"), g.get("data-to"), t) for g in root.iter(f"{NS}g") if g.get("data-triggers")
              for t in g.get("data-triggers").split()}
    for step in STEPS:
        for source in step.sources:
            assert (source.value, step.dest.value, step.trigger) in arrows, (step.trigger, source)
    text = " ".join("".join(t.itertext()) for t in root.iter(f"{NS}text"))
    for status in Status:
        assert STATUS_LABELS[status].split()[0] in text
    for trigger in {s.trigger for s in STEPS}:  # every step is labelled at least once
        assert TRIGGER_LABELS[trigger].split(",")[0].split()[-1] in text, trigger
    assert "Thẩm định" in text and "Phê duyệt" in text and "Thực hiện" in text  # the phases


def test_boxes_do_not_overlap_and_arrows_stay_out_of_boxes() -> None:
    lay = diagram._Layout(list(Status), layout.edges())
    boxes = list(lay.boxes.values())
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a.right <= b.x or b.right <= a.x or a.bottom <= b.y or b.bottom <= a.y, (a.status, b.status)
    root = _parse(diagram.svg())
    for path in root.iter(f"{NS}path"):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d"))]
        for x, y in zip(numbers[::2], numbers[1::2], strict=True):
            inside = [b.status for b in boxes if b.x + 1 < x < b.right - 1 and b.y + 1 < y < b.bottom - 1]
            assert not inside, (path.get("d"), inside)


def test_the_current_state_is_marked() -> None:
    root = _parse(diagram.svg("in_progress"))
    current = [g for g in root.iter(f"{NS}g") if "current" in (g.get("class") or "")]
    assert [g.get("data-state") for g in current] == ["in_progress"]
    assert current[0].get("aria-current") == "step"
    assert "hồ sơ đang ở đây" in "".join(current[0].itertext())
    assert not any("current" in (g.get("class") or "") for g in _parse(diagram.svg()).iter(f"{NS}g"))


def test_a_state_missing_from_the_layout_is_still_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(layout.POSITIONS, Status.STOPPED)
    root = _parse(diagram.svg())
    assert "stopped" in {g.get("data-state") for g in root.iter(f"{NS}g")}


def test_the_table_lists_trigger_states_roles_and_documents() -> None:
    rows = layout.table_rows({"qd_phe_duyet_de_an": "Quyết định phê duyệt đề án khuyến công"})
    assert len(rows) == len(STEPS)
    approve = next(r for r in rows if r.trigger == "approve")
    assert approve.sources == ("Đã trình phê duyệt",) and approve.dest == "Đã phê duyệt"
    assert approve.roles == ("Lãnh đạo",) and approve.documents == ("Quyết định phê duyệt đề án khuyến công",)


@pytest.mark.parametrize("username", ["chuyenvien", "giamdoc", "vanthu", "quantri"])
def test_the_page_is_open_to_everyone_signed_in(username: str, as_user: Any) -> None:
    response = as_user(username).get("/quy-trinh?trang-thai=approved")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<svg class="workflow-diagram"' in html and 'data-state="approved" aria-current="step"' in html
    assert "<th scope=\"row\">Phê duyệt đề án</th>" in html and "Quyết định phê duyệt đề án khuyến công" in html
    assert "<script" not in html.split("</head>")[1] and ' style="' not in html and "http://" not in html


def test_anonymous_is_sent_to_sign_in_and_bad_state_is_ignored(app: Any, as_user: Any) -> None:
    assert app.test_client().get("/quy-trinh").status_code == 302
    html = as_user("chuyenvien").get("/quy-trinh?trang-thai=<script>").get_data(as_text=True)
    assert "aria-current=\"step\"" not in html and "<script>" not in html


def test_the_dossier_page_shows_its_state_on_the_diagram(as_user: Any, ids: dict) -> None:
    dossier_id = ids["status"]["under_appraisal"]
    html = as_user("chuyenvien").get(f"/ho-so/{dossier_id}").get_data(as_text=True)
    assert 'data-state="under_appraisal" aria-current="step"' in html
    assert "/quy-trinh?trang-thai=under_appraisal" in html


def test_the_phase_bands_come_from_the_rows_phases() -> None:
    from workflows.labels import PHASE_LABELS
    from workflows.states import Phase

    bands = layout.phase_bands()
    assert [title for title, _, _ in bands] == [PHASE_LABELS[p] for p in Phase]
    assert bands[1] == ("Thẩm định", 2, 3)  # under appraisal and appraised, on the main path
    for (_, _, last), (_, first, _) in zip(bands, bands[1:], strict=False):
        assert last + 1 == first  # the bands tile the grid without gaps or overlaps
    text = " ".join(" ".join(t.itertext()) for t in _parse(diagram.svg()).iter(f"{NS}text"))
    assert "Nghiệm thu, thanh lý, quyết toán" in text  # the band's title, wrapped over three lines


def test_the_page_shows_each_steps_phase(as_user: Any) -> None:
    html = as_user("chuyenvien").get("/quy-trinh").get_data(as_text=True)
    assert '<th scope="col">Giai đoạn</th>' in html
    assert re.search(r'data-trigger="sign_contract"><th scope="row">Ký hợp đồng thực hiện</th><td>Thực hiện</td>', html)
