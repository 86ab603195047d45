import time

import pytest
from conftest import body_text, build_docx, build_official_docx, official_context

from dossier.documents.bounded import Limits, RenderPool
from dossier.documents.errors import ContextError, RenderFailed, RenderTimeout, TemplateRenderError

# Pure CPU: ten billion iterations that print nothing, so the time limit, not the memory limit,
# is what stops it (a loop that printed would reach 1 GiB first on a fast machine).
RUNAWAY = ('{% for a in "x" * 100000 %}{% for b in "x" * 100000 %}'
           '{% if b == "y" %}y{% endif %}{% endfor %}{% endfor %}')


@pytest.fixture
def pool():
    p = RenderPool(size=1, limits=Limits(timeout_s=3, memory_bytes=1 << 30), start_method="fork")
    yield p
    p.close()


def test_bounded_render_and_errors_cross_process(pool):
    result = pool.render_docx(build_official_docx(templated=True), official_context(), template_id="qd")
    assert "Máy số 20" in body_text(result.data)
    with pytest.raises(TemplateRenderError) as info:
        pool.render_docx(build_docx(["Xin {{ thieu }}"]), {}, template_id="t")
    assert info.value.message_vi and "Xin {{ thieu }}" in info.value.paragraph


def test_a_context_said_plain_that_is_not_is_refused_by_the_worker(pool):
    # A step makes each context plain once and passes it as such: the worker still checks it.
    context = {**official_context(), "ty_le": 3.04}
    for plain in (False, True):
        with pytest.raises(ContextError, match="ty_le"):
            pool.render_docx(build_official_docx(templated=True), context, template_id="qd", plain=plain)
    assert "Máy số 20" in body_text(pool.render_docx(build_official_docx(templated=True), official_context(),
                                                     template_id="qd", plain=True).data)


def test_runaway_loop_is_killed_and_pool_recovers(pool):
    t0 = time.monotonic()
    with pytest.raises(RenderTimeout):
        pool.render_docx(build_docx([RUNAWAY]), {})
    assert time.monotonic() - t0 < 10
    assert pool.render_docx(build_docx(["ok {{ x }}"]), {"x": 1}).data


def test_memory_bomb_hits_rlimit(pool):
    with pytest.raises((RenderFailed, RenderTimeout)):
        pool.render_docx(build_docx(['{{ "x" * 3000000000 }}']), {})
    assert pool.render_docx(build_docx(["ok"]), {}).data


def test_output_cap():
    p = RenderPool(size=1, limits=Limits(max_output_bytes=1000), start_method="fork")
    try:
        with pytest.raises(RenderFailed, match="cap"):
            p.render_docx(build_docx(["x"]), {})
    finally:
        p.close()
