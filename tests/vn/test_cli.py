"""Tests for the `vn` click group (dossier/cli/vn.py)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from dossier.cli.vn import vn


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize("arg", ["130000000", "130.000.000", " 130.000.000 "])
def test_words(runner: CliRunner, arg: str) -> None:
    result = runner.invoke(vn, ["words", arg])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Một trăm ba mươi triệu đồng\n"


def test_words_zero(runner: CliRunner) -> None:
    assert runner.invoke(vn, ["words", "0"]).stdout == "Không đồng\n"


@pytest.mark.parametrize("arg", ["abc", "130,000,000", "1.30.000", "12.5", "1.0000", "--", ""])
def test_words_bad_input(runner: CliRunner, arg: str) -> None:
    result = runner.invoke(vn, ["words", "--", arg])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Error" in result.stderr


def test_words_negative_is_refused(runner: CliRunner) -> None:
    result = runner.invoke(vn, ["words", "--", "-5"])
    assert result.exit_code == 2
    assert "not a whole amount" in result.stderr


def test_date(runner: CliRunner) -> None:
    result = runner.invoke(vn, ["date", "2026-01-05"])
    assert result.exit_code == 0
    assert result.stdout == "ngày 05 tháng 01 năm 2026\n"


def test_date_with_place(runner: CliRunner) -> None:
    result = runner.invoke(vn, ["date", "2025-10-28", "--place", "Khánh Hòa"])
    assert result.exit_code == 0
    assert result.stdout == "Khánh Hòa, ngày 28 tháng 10 năm 2025\n"


@pytest.mark.parametrize("arg", ["05/01/2026", "2026-02-30", "20260105", "2026-01-05T08:00"])
def test_date_bad_input(runner: CliRunner, arg: str) -> None:
    result = runner.invoke(vn, ["date", arg])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


def test_date_empty_place(runner: CliRunner) -> None:
    result = runner.invoke(vn, ["date", "2026-01-05", "--place", " "])
    assert result.exit_code == 2
    assert "--place" in result.stderr
