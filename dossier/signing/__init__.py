"""DOCX → PDF conversion, certificates, PAdES signing/sealing and verification.

Public API (see docs/CONTRACTS.md):

* ``convert``: ``PdfConverter``, ``to_pdf(docx, pdfa=False)``, ``converter_status()``
* ``certs``: ``create_demo_ca``, ``issue_user_certificate``, ``issue_org_seal_certificate``,
  ``load_pkcs12``, ``load_certificate(s)``
* ``signer``: ``Signer`` protocol, ``Pkcs12Signer``
* ``appearance``: ``signature_appearance``, ``seal_appearance``
* ``pades``: ``sign_pdf``, ``seal_pdf``, ``find_signature_box``, ``verify_pdf``

Import from the submodules; this package imports nothing heavy at import time.
"""
