"""Electronic records (issue 12 item 3, ND 30/2020 Phụ lục VI): one module per job.

* metadata.py — an issued document's Phụ lục VI fields, filled, validated and stored at sealing;
* export.py — a dossier's hồ sơ điện tử as one PDF and one XML, in the order of its documents.
"""
