"""Template checks run on upload and in CI (`dossier templates check`).

A template is code written by an officer in Word. These checks catch, before anyone depends on
it: tags Word split in ways docxtpl cannot repair, smart quotes in tags, unbalanced blocks,
variables the manifest does not declare (so build_context would not supply them), attempts to
reach Python internals, and a sample that does not render cleanly.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateSyntaxError

from .catalog import TemplateSpec
from .errors import DocumentError
from .parts import PartSource, template_parts
from .sandbox import make_environment
from .variables import template_reads

_TAG_SPAN = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_SMART = "“”‘’"


@dataclass(frozen=True)
class Problem:
    """One finding: severity "error" or "warning", where it is, and what to fix."""

    severity: str
    part: str
    paragraph: int | None
    message_vi: str
    message_en: str
    quote: str = ""

    def __str__(self) -> str:
        where = self.part + (f" ¶{self.paragraph}" if self.paragraph is not None else "")
        quote = f" — «{self.quote}»" if self.quote else ""
        return f"[{self.severity}] {where}: {self.message_vi} / {self.message_en}{quote}"


def _line_text(source: str, lineno: int | None) -> str:
    lines = source.splitlines()
    if lineno and 0 < lineno <= len(lines):
        return html.unescape(re.sub(r"<[^>]+>", "", lines[lineno - 1])).strip()
    return ""


def _declared(path: str, spec_paths: set[str], list_paths: set[str]) -> bool:
    if path in spec_paths or any(p.startswith(path + ".") for p in spec_paths):
        return True
    parts = path.split(".")
    return any(".".join(parts[:i]) in list_paths for i in range(1, len(parts)))


def _check_tags_in_paragraphs(part: PartSource) -> list[Problem]:
    problems = []
    for i, text in enumerate(part.paragraphs):
        for opener, closer in (("{{", "}}"), ("{%", "%}")):
            if text.count(opener) != text.count(closer):
                problems.append(Problem(
                    "error", part.name, i,
                    f"Thẻ «{opener} … {closer}» bị tách sang đoạn khác; hãy gõ cả thẻ trong cùng một đoạn.",
                    f"tag {opener} … {closer} is not closed in the same paragraph", text))
        for tag in _TAG_SPAN.findall(text):
            if any(q in tag for q in _SMART):
                problems.append(Problem(
                    "warning", part.name, i,
                    "Thẻ chứa dấu nháy cong (“ ” ‘ ’); hãy dùng nháy thẳng \" hoặc '.",
                    "smart quotes inside a tag", text))
        if '"' in _TAG_SPAN.sub("", text):  # in the printed words, not in a tag's own syntax
            problems.append(Problem(
                "warning", part.name, i,
                "Văn bản dùng dấu nháy thẳng (\"); văn bản hành chính trích tên bằng nháy kép “ ”.",
                "straight quotes in the printed text: Vietnamese official text quotes with “ ”", text))
        if not part.rendered and ("{{" in text or "{%" in text):
            problems.append(Problem("error", part.name, i,
                                    "Phần này (chú thích cuối) không được điền dữ liệu; hãy bỏ thẻ.",
                                    "tags in a part docxtpl never renders", text))
    for m in _TAG_SPAN.finditer(part.source):
        if "<w:" in m.group(0) or "</w:" in m.group(0):
            lineno = part.source.count("\n", 0, m.start()) + 1
            problems.append(Problem(
                "error", part.name, lineno - 1,
                "Thẻ bị định dạng Word cắt ngang (lỗi chính tả, bookmark…); hãy gõ lại thẻ liền một mạch.",
                "tag is broken by Word markup that patch_xml cannot repair",
                _line_text(part.source, lineno)))
    return problems


def check_sources(parts: list[PartSource], spec: TemplateSpec) -> list[Problem]:
    """Static checks: split tags, smart quotes, syntax, internals, undeclared variables."""
    env = make_environment()
    problems: list[Problem] = []
    declared = spec.declared_paths()
    lists = {f.path.replace("[]", "") for f in spec.fields if f.type == "list" or "[]" in f.path}
    lists |= {f.path.replace("[]", "").rsplit(".", 1)[0] for f in spec.fields if f.path.endswith("[]")}
    implied: dict[str, str | None] = {}
    if spec.repeat_over:
        implied["muc"] = spec.repeat_over
        declared |= {spec.repeat_over}
    for part in parts:
        problems += _check_tags_in_paragraphs(part)
        try:
            ast = env.parse(part.source)
        except TemplateSyntaxError as exc:
            problems.append(Problem("error", part.name, (exc.lineno or 1) - 1,
                                    f"Lỗi cú pháp trong thẻ: {exc.message}",
                                    f"syntax error: {exc.message}", _line_text(part.source, exc.lineno)))
            continue
        reads = template_reads(ast, implied)
        for name, lineno in reads.internals:
            problems.append(Problem("error", part.name, lineno - 1,
                                    f"Thẻ truy cập vào bên trong hệ thống («{name}»); không được phép.",
                                    f"tag reaches interpreter internals ({name!r})",
                                    _line_text(part.source, lineno)))
        used: dict[str, int] = {}
        for path, lineno in reads.paths.items():  # first line per path, list markers dropped
            used.setdefault(path.replace("[]", ""), lineno)
        for path, lineno in sorted(used.items()):
            if path == "muc" and spec.repeat_over:
                continue
            if not _declared(path, declared, lists):
                problems.append(Problem("error", part.name, lineno - 1,
                                        f"Biến «{path}» chưa được khai báo trong manifest.toml.",
                                        f"variable {path!r} is not declared in the manifest",
                                        _line_text(part.source, lineno)))
    return problems


def _missing_required(sample: Any, path: list[str]) -> bool:
    if not path:
        return sample is None or sample == ""
    key, is_list = path[0].removesuffix("[]"), path[0].endswith("[]")
    if not isinstance(sample, Mapping) or key not in sample:
        return True
    value = sample[key]
    if is_list:
        return not isinstance(value, list) or any(_missing_required(v, path[1:]) for v in value)
    return _missing_required(value, path[1:])


def check_sample(spec: TemplateSpec, sample: Mapping[str, Any],
                 render: Callable[[TemplateSpec, Mapping[str, Any]], Any] | None = None) -> list[Problem]:
    """Required manifest fields are in the sample, and the sample renders with no tag left over."""
    problems = [
        Problem("error", "sample.json", None, f"sample.json thiếu trường bắt buộc «{f.path}».",
                f"sample.json lacks required field {f.path!r}")
        for f in spec.fields if f.required and _missing_required(sample, f.path.split("."))
    ]
    context = dict(sample)
    if spec.repeat_over and "muc" not in context:
        from .bounded import repeat_items

        try:
            items = repeat_items(spec, context)
            context["muc"] = items[0] if items else {}
        except DocumentError as exc:
            problems.append(Problem("error", "sample.json", None, exc.message_vi, str(exc)))
            return problems
    if render is None:
        from .engine import default_engine

        render = default_engine().render
    try:
        result = render(spec, context)
    except DocumentError as exc:
        problems.append(Problem("error", getattr(exc, "part", "") or "template", None,
                                f"Mẫu không điền được bằng dữ liệu mẫu: {exc.message_vi}", str(exc),
                                getattr(exc, "paragraph", "")))
        return problems
    for part in template_parts(result.data):
        for i, text in enumerate(part.paragraphs):
            if "{{" in text or "{%" in text:
                problems.append(Problem("error", part.name, i,
                                        "Văn bản tạo ra còn sót thẻ «{{»/«{%».",
                                        "rendered output still contains a template tag", text))
    return problems


def check_template(spec: TemplateSpec, sample: Mapping[str, Any] | None = None, *,
                   render: Callable | None = None) -> list[Problem]:
    """All checks on a template; ``sample`` defaults to the spec's sample.json when it has one."""
    try:
        parts = template_parts(spec.docx)
    except Exception as exc:  # a corrupt upload: report, don't crash the checker
        return [Problem("error", "template.docx", None, "Không mở được tệp .docx.",
                        f"cannot open the .docx: {type(exc).__name__}: {exc}")]
    problems = check_sources(parts, spec)
    if sample is None and spec.sample_path is not None:
        from .catalog import load_sample

        sample = load_sample(spec)
    if sample is not None and not any(p.severity == "error" for p in problems):
        problems += check_sample(spec, sample, render)
    return problems
