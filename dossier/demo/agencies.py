"""The demo province's agency directory for the edXML exchange (issue 12).

ILLUSTRATIVE mã định danh: they follow the structure of TT 10/2016/TT-BTTTT (four groups, the
last naming the province or ministry) but are not the codes these bodies hold on the national
axis; a real deployment loads its own (`dossier exchange add-agency`). The aliases are the
wordings the demo's Nơi nhận use, so that the documents its văn thư issue electronically get a
package for each agency, spooled by the embedded worker under the instance folder
(instance/exchange/out/<OrganId>/, the folder-drop transport's default) and listed with their
statuses on the issued document's page.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.model import Agency, Organisation
from dossier.services.exchange import add_agency

# ILLUSTRATIVE codes (see above).
# (mã định danh, name, our organisation's code or None, the Nơi nhận wordings that mean it)
DEMO_AGENCIES: tuple[tuple[str, str, str | None, tuple[str, ...]], ...] = (
    ("000.00.01.H41", "Ủy ban nhân dân tỉnh Khánh Hòa", "ubnd-kh",
     ("UBND tỉnh", "UBND tỉnh Khánh Hòa", "Chủ tịch, các Phó Chủ tịch UBND tỉnh")),
    ("000.00.12.H41", "Sở Công Thương tỉnh Khánh Hòa", "sct-kh", ("Sở Công Thương", "Sở Công Thương Khánh Hòa")),
    ("000.01.12.H41", "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp tỉnh Khánh Hòa", "ttkc-kh",
     # the documents name the Trung tâm as it was on their date (Ninh Thuận's before the merger)
     ("Trung tâm Khuyến công", "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh Ninh Thuận",
      "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp tỉnh Ninh Thuận")),
    ("000.00.15.H41", "Sở Tài chính tỉnh Khánh Hòa", None, ("Sở Tài chính", "Sở Tài chính tỉnh Khánh Hòa")),
    ("000.15.00.G12", "Kho bạc Nhà nước khu vực XV", None, ("Kho bạc Nhà nước", "Kho bạc Nhà nước khu vực XV")),
    ("000.00.00.G08", "Bộ Công Thương", None,
     ("Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công",)),
    ("001.40.01.H41", "Ủy ban nhân dân xã Cam An", None, ("UBND xã Cam An",)),
    ("001.40.02.H41", "Ủy ban nhân dân xã Cam Lâm", None, ("UBND xã Cam Lâm",)),
    ("001.41.01.H41", "Ủy ban nhân dân xã Diên Lâm", None, ("UBND xã Diên Lâm",)),
    ("001.41.02.H41", "Ủy ban nhân dân xã Diên Điền", None, ("UBND xã Diên Điền",)),
    ("001.50.01.H41", "Ủy ban nhân dân xã Ninh Phước", None, ("UBND xã Ninh Phước",)),
    ("001.50.02.H41", "Ủy ban nhân dân xã Ninh Hải", None, ("UBND xã Ninh Hải",)),
)


def seed_demo_agencies(session: Session) -> int:
    """Add the demo directory (in the caller's transaction); a code already there is left as it is."""
    orgs = {code: id_ for code, id_ in session.execute(select(Organisation.code, Organisation.id))}
    known = set(session.scalars(select(Agency.organ_id)))
    added = 0
    for organ_id, name, org_code, aliases in DEMO_AGENCIES:
        if organ_id in known:
            continue
        add_agency(session, organ_id=organ_id, name=name, aliases=aliases,
                   organisation_id=orgs.get(org_code) if org_code else None)
        added += 1
    return added
