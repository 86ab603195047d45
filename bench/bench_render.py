"""docs/s of plain docxtpl vs our generation path (engine + bounded worker), 1 and 2 processes.

Rounds interleave the variants so host noise hits all alike (baselines.md method); read medians
and ratios, not absolute numbers. `python -m bench.bench_render [--rounds N] [--docs N]`.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from multiprocessing import get_context

from docx import Document
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate


def make_template() -> bytes:
    """Baselines §1-like decision: header table, 6 căn cứ, 5 articles, 20-line budget table."""
    doc = Document()
    s = doc.sections[0]
    s.page_width, s.page_height, s.left_margin, s.right_margin = Mm(210), Mm(297), Mm(30), Mm(15)
    doc.styles["Normal"].font.name, doc.styles["Normal"].font.size = "Times New Roman", Pt(14)
    hdr = doc.add_table(rows=2, cols=2)
    hdr.cell(0, 0).text, hdr.cell(0, 1).text = "SỞ CÔNG THƯƠNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    hdr.cell(1, 0).text, hdr.cell(1, 1).text = "Số: {{ so }}/QĐ-SCT", "Độc lập - Tự do - Hạnh phúc"
    doc.add_paragraph("{{ dia_danh }}, {{ ngay_ky | ngay }}").runs[0].italic = True
    doc.add_paragraph("QUYẾT ĐỊNH").runs[0].bold = True
    doc.add_paragraph("Về việc phê duyệt đề án khuyến công cho {{ co_so.ten }}")
    for i in range(6):
        doc.add_paragraph(f"Căn cứ {{{{ can_cu[{i}] }}}};").runs[0].italic = True
    for k in range(1, 6):
        doc.add_paragraph(f"Điều {k}. Nội dung của điều {k}: {{{{ co_so.ten }}}} thực hiện đề án "
                          "với tổng kinh phí {{ tong | tien }} đồng ({{ tong | bang_chu }}).")
    t = doc.add_table(rows=1, cols=6)
    for i, h in enumerate(["STT", "Nội dung", "ĐVT", "Số lượng", "Đơn giá", "Thành tiền"]):
        t.rows[0].cells[i].text = h
    for cells in (["{%tr for h in hang_muc %}"] + [""] * 5,
                  ["{{ loop.index }}", "{{ h.ten }}", "{{ h.dvt }}", "{{ h.so_luong }}",
                   "{{ h.don_gia | tien }}", "{{ h.thanh_tien | tien }}"],
                  ["{%tr endfor %}"] + [""] * 5):
        r = t.add_row()
        for i, c in enumerate(cells):
            r.cells[i].text = c
    doc.add_paragraph("Nơi nhận:")
    doc.add_paragraph("GIÁM ĐỐC").runs[0].bold = True
    doc.add_paragraph("{{ nguoi_ky }}")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def make_context() -> dict:
    return {"so": "05", "dia_danh": "Gia Lai", "ngay_ky": "2026-01-05",
            "co_so": {"ten": "HTX Mây tre đan Phú Vinh & Cộng sự"}, "tong": 350_000_000,
            "can_cu": [f"Nghị định số {i}/2025/NĐ-CP" for i in range(1, 7)], "nguoi_ky": "Nguyễn Văn An",
            "hang_muc": [{"ten": f"Máy {i}", "dvt": "cái", "so_luong": i, "don_gia": 1_500_000,
                          "thanh_tien": 1_500_000 * i} for i in range(1, 21)]}


def _pick_template():
    from dossier.documents.catalog import load_catalog, load_sample

    for spec in load_catalog().values():
        if not spec.repeat_over:
            return spec.docx, load_sample(spec), spec.id
    return make_template(), make_context(), "built (baselines §1-like)"


_STOCK: tuple[bytes, dict] | None = None


def _stock_init(docx: bytes, ctx: dict) -> None:
    global _STOCK
    _STOCK = (docx, ctx)


def _stock_one(_: int = 0) -> int:
    from dossier.documents.sandbox import make_environment

    docx, ctx = _STOCK
    tpl = DocxTemplate(io.BytesIO(docx))
    tpl.render(ctx, make_environment(), autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return len(out.getvalue())


def _stock_rate(docx, ctx, n, procs, pool) -> float:
    t0 = time.perf_counter()
    if procs == 1:
        for i in range(n):
            _stock_one(i)
    else:
        list(pool.map(_stock_one, range(n), chunksize=4))
    return n / (time.perf_counter() - t0)


def _ours_rate(rpool, docx, ctx, n, procs) -> float:
    t0 = time.perf_counter()
    if procs == 1:
        for _ in range(n):
            rpool.render_docx(docx, ctx, template_id="bench")
    else:
        with ThreadPoolExecutor(procs) as ex:
            list(ex.map(lambda _: rpool.render_docx(docx, ctx, template_id="bench"), range(n)))
    return n / (time.perf_counter() - t0)


def main(argv: list[str] | None = None) -> None:
    from dossier.documents.bounded import RenderPool

    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--docs", type=int, default=40)
    args = ap.parse_args(argv)
    docx, ctx, label = _pick_template()
    _stock_init(docx, ctx)
    print(f"template: {label}, {len(docx)} bytes; {args.rounds} rounds × {args.docs} docs")
    for procs in (1, 2):
        rpool = RenderPool(size=procs)
        mp_pool = get_context("fork").Pool(procs, initializer=_stock_init, initargs=(docx, ctx)) \
            if procs > 1 else None
        for _ in range(3):  # warm-up: start workers, fill compiled-part caches
            rpool.render_docx(docx, ctx, template_id="bench")
        stock, ours = [], []
        for _ in range(args.rounds):
            stock.append(_stock_rate(docx, ctx, args.docs, procs, mp_pool))
            ours.append(_ours_rate(rpool, docx, ctx, args.docs, procs))
        ms, mo = statistics.median(stock), statistics.median(ours)
        print(f"{procs} proc: plain docxtpl {ms:6.1f} docs/s [{min(stock):.1f}–{max(stock):.1f}]   "
              f"ours (engine+bounded) {mo:6.1f} docs/s [{min(ours):.1f}–{max(ours):.1f}]   "
              f"ratio ours/plain {mo / ms:.2f}")
        rpool.close()
        if mp_pool:
            mp_pool.close()
            mp_pool.join()


if __name__ == "__main__":
    main()
