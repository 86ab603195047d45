"""The browser side of the Ban Cơ yếu plugin protocol, played by the tests with a real key.

``sign`` is what the local agent does with the PDF it downloaded: one incremental PAdES
signature, with the key on the official's machine (here a PKCS#12 key of the test PKI).
The tamper helpers make the files a broken or malicious agent might send back.
"""

from __future__ import annotations

import io

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from dossier.signing.pades import sign_pdf

BOX = (330.0, 120.0, 520.0, 190.0)


def sign(pdf: bytes, signer, *, field_name: str = "ChuKyLanhDao", signing_time=None, tsa_url: str | None = None,
         trust_root=None) -> bytes:
    """Fill the prepared empty field ``field_name`` (or a new one at BOX if it is not there).

    ``tsa_url``: the agent timestamps its signature (B-T), as the Ban Cơ yếu agent does with its
    configured TSA; the revocation data is the server's to add (another update would be refused).
    """
    long_term = None
    if tsa_url:
        from dossier.signing.ltv import LongTermOptions
        from dossier.signing.trust import TrustAnchors

        long_term = LongTermOptions(trust=TrustAnchors.of([trust_root]), tsa_url=tsa_url, embed_revocation=False)
    return sign_pdf(pdf, signer, field_name=field_name, page=0, box=BOX, signing_time=signing_time,
                    long_term=long_term)


def flip_byte(pdf: bytes, position: int) -> bytes:
    data = bytearray(pdf)
    data[position] ^= 0x01
    return bytes(data)


def append_update(pdf: bytes, title: str = "Đã sửa sau khi ký") -> bytes:
    """One more incremental update after the signature (changes the document's title)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    info = writer.trailer["/Info"].get_object() if "/Info" in writer.trailer else generic.DictionaryObject()
    info[generic.pdf_name("/Title")] = generic.TextStringObject(title)
    if "/Info" in writer.trailer:
        writer.update_container(info)
    else:
        writer.trailer[generic.pdf_name("/Info")] = writer.add_object(info)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def sign_with_hidden_change(pdf: bytes, signer) -> bytes:
    """Add text to the page in the same incremental update that carries the signature."""
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    writer.add_stream_to_page(0, writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 700 Td (KHONG DUYET) Tj ET")))
    meta = signers.PdfSignatureMetadata(field_name="ChuKyLanhDao", subfilter=fields.SigSeedSubFilter.PADES)
    result = io.BytesIO()
    signers.PdfSigner(meta, signer.pyhanko_signer()).sign_pdf(writer, output=result)
    return result.getvalue()
