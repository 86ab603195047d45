"""Build and read edXML packages (QCVN 102:2016/BTTTT) and check them as the central gateway does.

Layout (docs/EXCHANGE.md): a root ``edXML`` in the default namespace holding the envelope, whose
every element carries the explicit ``edXML:`` prefix (the central gateway's deserialiser rejects
unprefixed children even where a provincial platform accepts them), and the files outside it in
``AttachmentEncoded`` with no prefix. Element order is the standard's; dates are ``YYYY/MM/DD``,
times ``yyyy/MM/dd HH:mm:ss`` in Vietnam time.

Reading never resolves entities or fetches anything (a package comes from another system).
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterable

from lxml import etree

from dossier.errors import DossierError
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
)

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
XLINK = "http://www.w3.org/1999/xlink"
PREFIX = "edXML"
DATE = "%Y/%m/%d"
TIME = "%Y/%m/%d %H:%M:%S"
MAX_PACKAGE = 200 * 1024 * 1024  # a decision with its annexes is a few MB; refuse what is absurd

ORGAN_FIELDS = (
    ("OrganId", "organ_id"), ("OrganizationInCharge", "organization_in_charge"), ("OrganName", "organ_name"),
    ("OrganAdd", "organ_add"), ("Email", "email"), ("Telephone", "telephone"), ("Fax", "fax"),
    ("Website", "website"),
)
STAFF_FIELDS = (("Department", "department"), ("Staff", "staff"), ("Mobile", "mobile"), ("Email", "email"))
OTHER_INFO_FIELDS = (
    ("Priority", "priority"), ("SphereOfPromulgation", "sphere_of_promulgation"), ("TyperNotation", "typer_notation"),
    ("PromulgationAmount", "promulgation_amount"), ("PageAmount", "page_amount"),
)


class PackageError(DossierError):
    code = "edxml_invalid"
    message = "Gói tin edXML không đúng cấu trúc."


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _sub(parent: etree._Element, tag: str, text: str | int | None = None) -> etree._Element:
    element = etree.SubElement(parent, _q(tag))
    if text is not None:
        element.text = str(text)
    return element


def _fields(parent: etree._Element, tag: str, obj: object, names: Iterable[tuple[str, str]]) -> etree._Element:
    element = _sub(parent, tag)
    for xml_name, attr in names:
        _sub(element, xml_name, getattr(obj, attr))
    return element


# -- building ------------------------------------------------------------------------------------


def build(message: Message) -> bytes:
    """The package as UTF-8 bytes with an XML declaration."""
    root = etree.Element(_q("edXML"), nsmap={None: NS})
    envelope = etree.SubElement(root, _q("edXMLEnvelope"), nsmap={PREFIX: NS, "xlink": XLINK})
    header = _sub(envelope, "edXMLHeader")
    _message_header(header, message)
    _trace_headers(header, message)
    _manifest(_sub(envelope, "edXMLBody"), message.attachments)
    _attachments(root, message.attachments)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _message_header(header: etree._Element, m: Message) -> None:
    mh = _sub(header, "MessageHeader")
    _fields(mh, "From", m.sender, ORGAN_FIELDS)
    for organ in m.to:
        _fields(mh, "To", organ, ORGAN_FIELDS)
    _fields(mh, "Code", m, (("CodeNumber", "code_number"), ("CodeNotation", "code_notation")))
    promulgation = _sub(mh, "PromulgationInfo")
    _sub(promulgation, "Place", m.place)
    _sub(promulgation, "PromulgationDate", m.promulgation_date.strftime(DATE))
    _fields(mh, "DocumentType", m, (("Type", "type_code"), ("TypeName", "type_name"), ("TypeDetail", "type_detail")))
    _sub(mh, "Subject", m.subject)
    _sub(mh, "Content", m.content)
    _fields(mh, "SignerInfo", m.signer, (("Competence", "competence"), ("Position", "position"),
                                         ("FullName", "full_name")))
    _sub(mh, "DueDate", m.due_date.strftime(DATE) if m.due_date else "")
    places = _sub(mh, "ToPlaces")
    for place in m.to_places:
        _sub(places, "Place", place)
    _other_info(mh, m)
    _sub(mh, "SteeringType", m.steering_type)
    _sub(mh, "DocumentId", m.document_id)


def _other_info(mh: etree._Element, m: Message) -> None:
    other = _fields(mh, "OtherInfo", m, OTHER_INFO_FIELDS)
    appendixes = _sub(other, "Appendixes")
    for name in m.appendixes:
        _sub(appendixes, "Appendix", name)


def _trace_headers(header: etree._Element, m: Message) -> None:
    traces = _sub(header, "TraceHeaderList")
    for trace in m.traces:
        element = _sub(traces, "TraceHeader")
        _sub(element, "OrganId", trace.organ_id)
        _sub(element, "Timestamp", trace.timestamp.strftime(TIME))
    _business(traces, m.business)


def _business(traces: etree._Element, b: Business) -> None:
    element = _sub(traces, "Bussiness")  # sic: the standard's spelling
    _sub(element, "BussinessDocType", int(b.doc_type))
    _sub(element, "BussinessDocReason", b.reason)
    info = _sub(element, "BussinessDocumentInfo")
    receivers = _sub(info, "ReceiverList")
    for organ_id in b.receivers:
        _sub(_sub(receivers, "Receiver"), "OrganId", organ_id)
    _sub(element, "DocumentId", b.document_id)
    _fields(element, "StaffInfo", b.staff, STAFF_FIELDS)
    _sub(element, "Paper", b.paper)
    replacements = _sub(element, "ReplacementInfoList")
    for r in b.replacements:
        info = _sub(replacements, "ReplacementInfo")
        _sub(info, "DocumentId", r.document_id)
        ids = _sub(info, "OrganIdList")
        for organ_id in r.organ_ids:
            _sub(ids, "OrganId", organ_id)


def _manifest(body: etree._Element, attachments: Iterable[Attachment]) -> None:
    manifest = _sub(body, "edXMLManifest")
    manifest.set("version", "1.0")
    for a in attachments:
        reference = _sub(manifest, "Reference")
        reference.set(f"{{{XLINK}}}href", f"cid:{a.content_id}")
        _sub(reference, "Description", a.description)
        _sub(reference, "AttachmentName", a.name)
        _sub(reference, "ContentType", a.content_type)
        _sub(reference, "ContentId", a.content_id)


def _attachments(root: etree._Element, attachments: Iterable[Attachment]) -> None:
    encoded = _sub(root, "AttachmentEncoded")
    for a in attachments:
        element = _sub(encoded, "Attachment")
        _sub(element, "ContentType", a.content_type)
        _sub(element, "ContentId", a.content_id)
        _sub(element, "Description", a.description)
        _sub(element, "ContentTransferEncoded", base64.b64encode(a.data).decode("ascii"))
        _sub(element, "AttachmentName", a.name)


def build_status(status: Status) -> bytes:
    """A status message (arrived, registered, done …) about a document another agency sent."""
    root = etree.Element(_q("edXML"), nsmap={None: NS})
    envelope = etree.SubElement(root, _q("edXMLEnvelope"), nsmap={PREFIX: NS})
    element = _sub(_sub(envelope, "edXMLHeader"), "Status")
    response = _sub(element, "ResponseFor")
    _sub(response, "OrganId", status.document_id.split(",", 1)[0])
    _sub(response, "Code", status.code)
    _sub(response, "PromulgationDate", status.promulgation_date.strftime(DATE))
    _sub(response, "DocumentId", status.document_id)
    _fields(element, "From", status.sender, ORGAN_FIELDS)
    _sub(element, "StatusCode", f"{int(status.status):02d}")
    _sub(element, "Description", status.description)
    _sub(element, "Timestamp", status.timestamp.strftime(TIME))
    _fields(element, "StaffInfo", status.staff, STAFF_FIELDS)
    _sub(envelope, "edXMLBody")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# -- reading -------------------------------------------------------------------------------------


def _parse_xml(data: bytes) -> etree._Element:
    if len(data) > MAX_PACKAGE:
        raise PackageError(f"package of {len(data)} bytes is over the {MAX_PACKAGE}-byte limit")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise PackageError(f"not well-formed XML: {exc}") from exc
    if root.tag != _q("edXML"):
        raise PackageError(f"root element is {root.tag!r}, expected edXML in {NS}")
    return root


def _child(parent: etree._Element, *path: str) -> etree._Element:
    element = parent
    for tag in path:
        found = element.find(_q(tag))
        if found is None:
            raise PackageError(f"missing element {'/'.join(path)} under {etree.QName(parent).localname}")
        element = found
    return element


def _text(parent: etree._Element, *path: str) -> str:
    return _child(parent, *path).text or ""


def _organ(element: etree._Element) -> Organ:
    return Organ(**{attr: _text(element, name) for name, attr in ORGAN_FIELDS})


def _staff(element: etree._Element) -> Staff:
    return Staff(**{attr: _text(element, name) for name, attr in STAFF_FIELDS})


def _date(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, DATE).date()
    except ValueError as exc:
        raise PackageError(f"date {text!r} is not YYYY/MM/DD") from exc


def _time(text: str) -> dt.datetime:
    try:
        return dt.datetime.strptime(text, TIME)
    except ValueError as exc:
        raise PackageError(f"time {text!r} is not yyyy/MM/dd HH:mm:ss") from exc


def _int(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError as exc:
        raise PackageError(f"{what} {text!r} is not a number") from exc


def parse(data: bytes) -> Message:
    """Read a package built by any conforming system back into a :class:`Message`."""
    root = _parse_xml(data)
    header = _child(root, "edXMLEnvelope", "edXMLHeader")
    mh = _child(header, "MessageHeader")
    other = _child(mh, "OtherInfo")
    due = _text(mh, "DueDate")
    return Message(
        sender=_organ(_child(mh, "From")),
        to=tuple(_organ(e) for e in mh.findall(_q("To"))),
        code_number=_text(mh, "Code", "CodeNumber"),
        code_notation=_text(mh, "Code", "CodeNotation"),
        place=_text(mh, "PromulgationInfo", "Place"),
        promulgation_date=_date(_text(mh, "PromulgationInfo", "PromulgationDate")),
        type_code=_int(_text(mh, "DocumentType", "Type"), "DocumentType/Type"),
        type_name=_text(mh, "DocumentType", "TypeName"),
        type_detail=_text(mh, "DocumentType", "TypeDetail"),
        subject=_text(mh, "Subject"),
        content=_text(mh, "Content"),
        signer=Signer(_text(mh, "SignerInfo", "Competence"), _text(mh, "SignerInfo", "Position"),
                      _text(mh, "SignerInfo", "FullName")),
        due_date=_date(due) if due else None,
        to_places=tuple(e.text or "" for e in _child(mh, "ToPlaces").findall(_q("Place"))),
        priority=_int(_text(other, "Priority"), "Priority"),
        sphere_of_promulgation=_text(other, "SphereOfPromulgation"),
        typer_notation=_text(other, "TyperNotation"),
        promulgation_amount=_int(_text(other, "PromulgationAmount"), "PromulgationAmount"),
        page_amount=_int(_text(other, "PageAmount"), "PageAmount"),
        appendixes=tuple(e.text or "" for e in _child(other, "Appendixes").findall(_q("Appendix"))),
        steering_type=_int(_text(mh, "SteeringType"), "SteeringType"),
        document_id=_text(mh, "DocumentId"),
        traces=_read_traces(_child(header, "TraceHeaderList")),
        business=_read_business(_child(header, "TraceHeaderList", "Bussiness")),
        attachments=_read_attachments(root),
    )


def _read_traces(traces: etree._Element) -> tuple[Trace, ...]:
    return tuple(Trace(_text(t, "OrganId"), _time(_text(t, "Timestamp"))) for t in traces.findall(_q("TraceHeader")))


def _read_business(b: etree._Element) -> Business:
    try:
        doc_type = BusinessType(_int(_text(b, "BussinessDocType"), "BussinessDocType"))
    except ValueError as exc:
        raise PackageError(f"unknown BussinessDocType {_text(b, 'BussinessDocType')!r}") from exc
    receivers = _child(b, "BussinessDocumentInfo", "ReceiverList").findall(_q("Receiver"))
    return Business(
        doc_type=doc_type,
        reason=_text(b, "BussinessDocReason"),
        document_id=_text(b, "DocumentId"),
        staff=_staff(_child(b, "StaffInfo")),
        paper=_int(_text(b, "Paper"), "Paper"),
        receivers=tuple(_text(r, "OrganId") for r in receivers),
        replacements=tuple(
            Replacement(_text(r, "DocumentId"),
                        tuple(e.text or "" for e in _child(r, "OrganIdList").findall(_q("OrganId"))))
            for r in _child(b, "ReplacementInfoList").findall(_q("ReplacementInfo"))
        ),
    )


def _read_attachments(root: etree._Element) -> tuple[Attachment, ...]:
    encoded = root.find(_q("AttachmentEncoded"))
    if encoded is None:
        return ()
    out = []
    for a in encoded.findall(_q("Attachment")):
        try:
            data = base64.b64decode(_text(a, "ContentTransferEncoded"), validate=True)
        except ValueError as exc:
            raise PackageError(f"attachment {_text(a, 'AttachmentName')!r} is not valid base64") from exc
        out.append(Attachment(content_id=_text(a, "ContentId"), name=_text(a, "AttachmentName"),
                              content_type=_text(a, "ContentType"), data=data,
                              description=_text(a, "Description")))
    return tuple(out)


def parse_status(data: bytes) -> Status:
    root = _parse_xml(data)
    element = _child(root, "edXMLEnvelope", "edXMLHeader", "Status")
    code = _text(element, "StatusCode")
    try:
        status = StatusCode(_int(code, "StatusCode"))
    except ValueError as exc:
        raise PackageError(f"unknown StatusCode {code!r}") from exc
    return Status(
        sender=_organ(_child(element, "From")),
        document_id=_text(element, "ResponseFor", "DocumentId"),
        code=_text(element, "ResponseFor", "Code"),
        promulgation_date=_date(_text(element, "ResponseFor", "PromulgationDate")),
        status=status,
        timestamp=_time(_text(element, "Timestamp")),
        description=_text(element, "Description"),
        staff=_staff(_child(element, "StaffInfo")),
    )


# -- checking ------------------------------------------------------------------------------------


def check(data: bytes) -> list[str]:
    """What the central gateway would refuse, in English; empty when the package is acceptable.

    Checks the prefixes (every element of the envelope written ``edXML:``, nothing of
    ``AttachmentEncoded`` prefixed), the namespace of every element, and that the package reads.
    """
    try:
        root = _parse_xml(data)
    except PackageError as exc:
        return [exc.detail or str(exc)]
    findings = []
    envelope = root.find(_q("edXMLEnvelope"))
    if envelope is None:
        return ["no edXMLEnvelope under the root"]
    for element in envelope.iter(etree.Element):
        if etree.QName(element).namespace != NS:
            findings.append(f"line {element.sourceline}: <{element.tag}> is not in the edXML namespace")
        elif element.prefix != PREFIX:
            findings.append(f"line {element.sourceline}: <{etree.QName(element).localname}> lacks the edXML: prefix")
    encoded = root.find(_q("AttachmentEncoded"))
    for element in encoded.iter(etree.Element) if encoded is not None else ():
        if element.prefix is not None:
            findings.append(f"line {element.sourceline}: <{element.prefix}:{etree.QName(element).localname}> "
                            "in AttachmentEncoded must not be prefixed")
    if not findings:
        is_status = envelope.find(f"{_q('edXMLHeader')}/{_q('Status')}") is not None
        try:
            (parse_status if is_status else parse)(data)
        except PackageError as exc:
            findings.append(exc.detail or str(exc))
    return findings
