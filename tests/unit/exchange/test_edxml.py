"""edXML packages: built, read back, and checked the way the central gateway checks them."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree

from dossier.exchange import edxml
from dossier.exchange.message import (
    Attachment,
    Business,
    BusinessType,
    Message,
    Organ,
    Replacement,
    Signer,
    Staff,
    Status,
    StatusCode,
    Trace,
    document_id,
)

SENDER = Organ("000.00.01.H41", "Ủy ban nhân dân tỉnh Khánh Hòa", organ_add="01 Trần Phú, Nha Trang",
               email="vanthu@khanhhoa.gov.vn", telephone="0258 3822 000")
SO_TAI_CHINH = Organ("000.00.15.H41", "Sở Tài chính tỉnh Khánh Hòa")
KHO_BAC = Organ("000.00.22.H41", "Kho bạc Nhà nước khu vực XV")


def decision(**changes: object) -> Message:
    fields = dict(
        sender=SENDER, to=(SO_TAI_CHINH, KHO_BAC), code_number="215", code_notation="QĐ-UBND",
        place="Khánh Hòa", promulgation_date=dt.date(2025, 9, 15), type_code=1, type_name="Quyết định",
        subject="Về việc phê duyệt đề án khuyến công địa phương năm 2025: Hỗ trợ máy sấy tôm",
        signer=Signer("KT. CHỦ TỊCH", "Phó Chủ tịch", "Trần Hòa Nam"),
        document_id=document_id("000.00.01.H41", dt.date(2025, 9, 15), "215", "QĐ-UBND"),
        traces=(Trace("000.00.01.H41", dt.datetime(2025, 9, 15, 16, 5, 9)),),
        business=Business(staff=Staff("Văn phòng UBND tỉnh", "Lê Thị Thu", "0905 000 111", "thu@khanhhoa.gov.vn")),
        attachments=(Attachment("9f1c2e7a", "215-QD-UBND.pdf", "application/pdf", b"%PDF-1.7\n\xe2\xe3 signed",
                                "Quyết định (bản điện tử có chữ ký số)"),),
        to_places=("Như Điều 3;", "Kho bạc Nhà nước khu vực XV;", "Lưu: VT, KT."),
        appendixes=("Phụ lục: Dự toán kinh phí",), page_amount=3, typer_notation="NTH",
    )
    fields.update(changes)
    return Message(**fields)


def test_a_package_reads_back_to_the_same_message() -> None:
    message = decision()
    assert edxml.parse(edxml.build(message)) == message


def test_revocation_and_replacement_read_back() -> None:
    message = decision(business=Business(
        BusinessType.REPLACE, "Sai tên cơ sở thụ hưởng", document_id="000.00.01.H41,2025/09/15,215/QĐ-UBND",
        receivers=("000.00.15.H41",),
        replacements=(Replacement("000.00.01.H41,2025/09/15,215/QĐ-UBND", ("000.00.15.H41", "000.00.22.H41")),)))
    assert edxml.parse(edxml.build(message)).business == message.business


def test_every_envelope_element_is_prefixed_and_attachments_are_not() -> None:
    data = edxml.build(decision())
    root = etree.fromstring(data)
    envelope, encoded = root[0], root[1]
    assert root.prefix is None and etree.QName(root).localname == "edXML"
    assert {e.prefix for e in envelope.iter(etree.Element)} == {"edXML"}
    assert {e.prefix for e in encoded.iter(etree.Element)} == {None}
    assert edxml.check(data) == []


def test_the_check_flags_a_package_without_prefixes() -> None:
    data = edxml.build(decision()).decode()
    unprefixed = data.replace("<edXML:", "<").replace("</edXML:", "</")
    findings = edxml.check(unprefixed.encode())
    assert findings and all("lacks the edXML: prefix" in f for f in findings)
    assert any("<MessageHeader>" in f for f in findings)


def test_the_check_flags_a_prefixed_attachment_and_a_foreign_namespace() -> None:
    data = edxml.build(decision()).decode()
    prefixed = data.replace("<AttachmentEncoded>", '<x:AttachmentEncoded xmlns:x="http://www.mic.gov.vn/TBT/QCVN_102_2016">')
    prefixed = prefixed.replace("</AttachmentEncoded>", "</x:AttachmentEncoded>")
    assert any("must not be prefixed" in f for f in edxml.check(prefixed.encode()))
    foreign = data.replace("<edXML:Subject>", '<edXML:Subject xmlns:edXML="urn:other">')
    assert any("not in the edXML namespace" in f for f in edxml.check(foreign.encode()))


def test_a_status_message_reads_back_and_passes_the_check() -> None:
    status = Status(SO_TAI_CHINH, decision().document_id, "215/QĐ-UBND", dt.date(2025, 9, 15),
                    StatusCode.REGISTERED, dt.datetime(2025, 9, 16, 8, 30), "Đã vào sổ văn bản đến số 1024")
    data = edxml.build_status(status)
    assert b"<edXML:StatusCode>03</edXML:StatusCode>" in data
    assert edxml.parse_status(data) == status
    assert edxml.check(data) == []


@pytest.mark.parametrize("bad, expected", [
    (b"<edXML>", "not well-formed"),
    (b'<edXML xmlns="urn:wrong"/>', "root element"),
    (b'<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     b'<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLEnvelope>&x;</edXMLEnvelope></edXML>', ""),
])
def test_bad_packages_are_refused_with_a_reason(bad: bytes, expected: str) -> None:
    with pytest.raises(edxml.PackageError) as caught:
        edxml.parse(bad)
    assert expected in str(caught.value)
    assert b"root:" not in str(caught.value).encode()  # an external entity is never read


def test_a_wrong_date_or_code_says_which() -> None:
    data = edxml.build(decision()).decode()
    with pytest.raises(edxml.PackageError, match="YYYY/MM/DD"):
        edxml.parse(data.replace("2025/09/15</edXML:PromulgationDate>", "15-09-2025</edXML:PromulgationDate>").encode())
    with pytest.raises(edxml.PackageError, match="BussinessDocType"):
        edxml.parse(data.replace("<edXML:BussinessDocType>0<", "<edXML:BussinessDocType>7<").encode())
