"""An issued document's date (issue 10, item 3 and 4): the day it is signed, in Vietnam time.

- No back-dating: the issue date is the signing day; asking for another day is refused.
- The issue date takes its place in the dossier's chronology (workflows.chronology): a Giấy mời
  signed after the meeting it announces, or a decision signed after the contract that cites it,
  is refused, naming both dates.
- Căn cứ (and the bodies' names) by the issue date: the draft was made on its step's day; between that day and the
  signing a text may have come into force (ND 235/2025 from 15/10/2025, a provincial resolution
  from 1 January) or the Tờ trình it rests on may have been issued. The Căn cứ is rebuilt for the
  issue date and the document rendered with it. Why rebuild rather than refuse: the Căn cứ is not
  the drafter's wording but what the law says a document of that day cites; refusing would send
  the leader back to an officer for a regeneration that gives the same lines, and a draft signed a
  day later could be refused again. The signed PDF shows what was issued; the draft's own
  context stays stored beside the issued one, so what changed can always be shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from dossier.documents.context import dated_on
from dossier.errors import Refused
from dossier.services.facts import dossier_dates
from dossier.services.issuance.drafts import Signable
from dossier.services.snapshot import load_snapshot
from workflows.chronology import ISSUED_MILESTONES, out_of_order


def issue_date(asked: dt.date | None, signing: dt.datetime) -> dt.date:
    """The issue date of a document signed at `signing` (Vietnam time): that day, or refused."""
    day = signing.date()
    if asked is None or asked == day:
        return day
    if asked < day:
        refusal = Refused([f"Không ký lùi ngày: văn bản mang ngày ký ban hành {day:%d/%m/%Y} (giờ Việt Nam), "
                           f"không ghi ngày {asked:%d/%m/%Y}."])
        refusal.detail = (f"back-dating refused: the issue date is the signing day {day.isoformat()} "
                          f"(Vietnam time), not {asked.isoformat()}")
    else:
        refusal = Refused([f"Văn bản mang ngày ký ban hành {day:%d/%m/%Y} (giờ Việt Nam), không ghi trước ngày "
                           f"{asked:%d/%m/%Y}."])
        refusal.detail = (f"the issue date is the signing day {day.isoformat()} (Vietnam time), "
                          f"not a later day {asked.isoformat()}")
    raise refusal


def check_in_order(session: Session, s: Signable, issued_on: dt.date) -> None:
    """Refuse an issue date out of the dossier's chronology (both dates named)."""
    milestone = ISSUED_MILESTONES.get(s.spec.id)
    if milestone is None:
        return
    # The dossier's other drafts take their signing day when signed: only issued dates and the
    # steps' own dates bind this one (the Giấy mời drafted with the QĐ does not hold the QĐ back).
    milestones, _ = dossier_dates(session, s.dossier.id, with_drafts=False)
    reasons = out_of_order(milestones, {milestone: issued_on})
    if reasons:
        raise Refused(reasons)


def rebuild_dated(session: Session, s: Signable, context: dict[str, Any], issued_on: dt.date) -> list[str]:
    """Put the parts of the issue date into `context` — the Căn cứ, and the bodies' names in the
    addressees, the authority line, Điều 3 and Nơi nhận as they are on that day (a Tờ trình
    drafted on 30/6/2025 and issued on 1/7/2025 is addressed to the merged province's UBND);
    returns the keys that differed from the draft's."""
    record = s.document.transition
    if record is None:
        return []
    snapshot = load_snapshot(session, s.dossier, record, record.actor)
    changed = []
    for key, fresh in dated_on(snapshot, s.spec, issued_on).items():
        if key in context and context[key] != fresh:
            context[key] = fresh
            changed.append(key)
    return changed
