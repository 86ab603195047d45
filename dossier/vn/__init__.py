"""Vietnamese formatting for official documents (Nghị định 30/2020/NĐ-CP).

Pure functions, no database, no Flask: amounts in words, money and percentages,
dates, document numbers, signature blocks, "Nơi nhận" lists, the dated "Căn cứ"
library, text normalisation/sorting and the Jinja filters templates may use.
"""

from dossier.vn.dates import format_date, format_time, place_date_line, short_date
from dossier.vn.filters import FILTERS
from dossier.vn.legal_bases import bases_for
from dossier.vn.numbering import TYPE_ABBREVIATIONS, document_number, document_symbol
from dossier.vn.numbers import counterpart_percent, format_money, format_percent, support_percent
from dossier.vn.recipients import recipient_lines
from dossier.vn.signature import SignatureBlock, signature_block
from dossier.vn.text import fold, nfc, sort_key, vn_upper
from dossier.vn.words import amount_in_words, number_to_words

__all__ = [
    "FILTERS",
    "TYPE_ABBREVIATIONS",
    "SignatureBlock",
    "amount_in_words",
    "bases_for",
    "counterpart_percent",
    "document_number",
    "document_symbol",
    "fold",
    "format_date",
    "format_money",
    "format_percent",
    "format_time",
    "nfc",
    "number_to_words",
    "place_date_line",
    "recipient_lines",
    "short_date",
    "signature_block",
    "sort_key",
    "support_percent",
    "vn_upper",
]
