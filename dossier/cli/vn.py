"""`dossier vn …`: check Vietnamese formatting from the shell (amounts in words, dates).

Registered by dossier/cli/__init__.py as ``from dossier.cli.vn import vn``.
Bad input prints an English message on stderr and exits with code 2 (usage error).
"""

from __future__ import annotations

import re
import sys
from typing import NoReturn

import click

from dossier.vn.dates import format_date, place_date_line, to_date
from dossier.vn.words import amount_in_words

# "130000000" or with Vietnamese thousands dots "130.000.000" (groups of exactly three).
_AMOUNT = re.compile(r"\d+|\d{1,3}(?:\.\d{3})+")


def _fail(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


@click.group()
def vn() -> None:
    """Vietnamese formatting helpers (ND 30/2020)."""


@vn.command("words")
@click.argument("amount")
def words_command(amount: str) -> None:
    """Print AMOUNT (đồng, e.g. 130000000 or 130.000.000) in words."""
    text = amount.strip()
    if not _AMOUNT.fullmatch(text):
        _fail(f"not a whole amount of đồng: {amount!r} (use digits, optionally with '.' every three)")
    click.echo(amount_in_words(int(text.replace(".", ""))))


@vn.command("date")
@click.argument("day")
@click.option("--place", default=None, help='Place for the date line, e.g. "Khánh Hòa".')
def date_command(day: str, place: str | None) -> None:
    """Print DAY (YYYY-MM-DD) as written in documents, optionally after the place."""
    if len(day.strip()) != 10:
        _fail(f"not a date in YYYY-MM-DD form: {day!r}")
    try:
        value = to_date(day)
    except ValueError:
        _fail(f"not a date in YYYY-MM-DD form: {day!r}")
    if place is None:
        click.echo(format_date(value))
    elif not place.strip():
        _fail("--place must not be empty")
    else:
        click.echo(place_date_line(place, value))
