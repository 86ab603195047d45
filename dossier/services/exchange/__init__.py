"""The exchange with other agencies' systems (issue 12): one module per job.

* agencies.py — the directory by mã định danh and matching Nơi nhận lines to it;
* packages.py — an issued document's edXML package per recipient, queued in the issuance's
  own transaction (and the revocation / replacement packages);
* outbox.py — delivering what is queued through a transport, with retries and leases;
* statuses.py — recipients' status messages, and what the issued document's page shows.
"""

from dossier.services.exchange.agencies import add_agency, list_agencies, match_recipients
from dossier.services.exchange.outbox import SendReport, send_pending
from dossier.services.exchange.packages import queue_issued, revoke_issued
from dossier.services.exchange.statuses import ExchangeView, RecipientRow, exchange_rows, record_status

__all__ = [
    "ExchangeView", "RecipientRow", "SendReport", "add_agency", "exchange_rows", "list_agencies", "match_recipients",
    "queue_issued", "record_status", "revoke_issued", "send_pending",
]
