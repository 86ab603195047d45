"""What a plausible officer types into a step, computed from the dossier: the table's examples.

A row's `example` maps an input to a value or to one of these functions of the dossier's Facts
(dates from the step's own date, the dossier's own amounts), so that a walk's dates come in the
order workflows.chronology asks for. A unit test fires every row with them; the demo and the
tests walk through them (workflows.walks).
"""

from __future__ import annotations

from datetime import date, timedelta

from dossier.vn.dates import format_date
from workflows.facts import Facts


def year(f: Facts) -> int:
    return (f.start_date or f.today).year


def step_day(f: Facts) -> date:
    """An event the step records happened on the step's own date."""
    return f.today


def week_later(f: Facts) -> date:
    """The meeting a Giấy mời announces: a week after the invitation."""
    return f.today + timedelta(days=7)


def agreed_support(f: Facts) -> int:
    """The contract, the acceptance and the settlement take the approved amount (the council's
    proposal through the Tờ trình), not the one requested."""
    return f.agreed_support


def total(f: Facts) -> int:
    return f.total


def contract_number(f: Facts) -> str:
    return f"05/{year(f)}/HĐ-KC"


def stop_request(f: Facts) -> str:
    """What the stop rests on: the beneficiary's written request, dated a week before the stop."""
    return f"Đơn xin dừng thực hiện đề án của cơ sở {format_date(f.today - timedelta(days=7))}"
