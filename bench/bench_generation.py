"""The whole generation path on the shipped templates, against plain docxtpl, in one run.

1. Per template: docs/s of plain docxtpl (fresh DocxTemplate, the same sandboxed env and filters)
   vs our path (memoised engine in a bounded worker pool), interleaved rounds, 1 and 2 processes.
   The fair baseline runs plain docxtpl in as many processes as our pool has (a process pool,
   warmed like ours); plain docxtpl on 2 threads is also shown, since that is what a web worker
   without a pool gets, but the GIL keeps it on one core, so a ratio against it flatters us.
2. Every document of 200 dossiers (the 16 step templates, one evaluation sheet per voting member)
   through our path with 1 and 2 worker processes.

`python -m bench.bench_generation [--rounds N] [--dossiers N]`; read medians and ratios.
"""

from __future__ import annotations

import argparse
import copy
import io
import statistics
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from docxtpl import DocxTemplate

from dossier.documents.bounded import RenderPool
from dossier.documents.catalog import load_catalog, load_sample
from dossier.documents.sandbox import make_environment


def _plain(spec, context) -> bytes:
    template = DocxTemplate(io.BytesIO(spec.docx))
    template.render(context, make_environment(), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def _plain_job(job) -> int:
    return len(_plain(*job))


def _plain_throughput(executor, jobs) -> float:
    started = time.perf_counter()
    list(executor.map(_plain_job, jobs, chunksize=1))
    return len(jobs) / (time.perf_counter() - started)


def _jobs(catalog, samples, dossiers: int) -> list:
    jobs = []
    for n in range(dossiers):
        for spec in catalog.values():
            context = copy.deepcopy(samples[spec.id])
            if "co_so" in context:
                context["co_so"]["ten"] = f"Hộ kinh doanh số {n}"
            items = context.get("hoi_dong", {}).get("thanh_vien", []) if spec.repeat_over else [None]
            for item in items or [None]:
                jobs.append((spec, {**context, "muc": item} if item is not None else context))
    return jobs


def _throughput(pool: RenderPool, jobs, workers: int) -> float:
    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as executor:
        list(executor.map(lambda job: pool.render(*job), jobs))
    return len(jobs) / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dossiers", type=int, default=200)
    args = parser.parse_args(argv)
    catalog = load_catalog()
    samples = {tid: load_sample(spec) for tid, spec in catalog.items()}
    pools = {1: RenderPool(size=1), 2: RenderPool(size=2)}
    jobs_one_each = _jobs(catalog, samples, 1)
    plain_pools = {n: ProcessPoolExecutor(n) for n in (1, 2)}
    for n in (1, 2):  # warm: start workers, fill their compile caches / imports
        _throughput(pools[n], jobs_one_each, n)
        _plain_throughput(plain_pools[n], jobs_one_each)

    plain, threads, ours = {1: [], 2: []}, [], {1: [], 2: []}
    for _ in range(args.rounds):
        for procs in (1, 2):
            plain[procs].append(_plain_throughput(plain_pools[procs], jobs_one_each))
            ours[procs].append(_throughput(pools[procs], jobs_one_each, procs))
        started = time.perf_counter()
        with ThreadPoolExecutor(2) as executor:  # plain docxtpl on 2 threads of one process (GIL-bound)
            list(executor.map(lambda job: _plain(*job), jobs_one_each))
        threads.append(len(jobs_one_each) / (time.perf_counter() - started))
    print(f"{len(jobs_one_each)} documents per round (all shipped templates), {args.rounds} rounds")
    for procs in (1, 2):
        p, o = statistics.median(plain[procs]), statistics.median(ours[procs])
        print(f"  {procs} process(es): plain docxtpl {p:6.1f} docs/s   ours {o:6.1f} docs/s   ratio {o / p:4.2f}×")
    t = statistics.median(threads)
    print(f"  plain docxtpl on 2 threads (one process, GIL): {t:6.1f} docs/s; ours at 2 processes is "
          f"{statistics.median(ours[2]) / t:4.2f}× that, the unfair figure this bench used to print")
    for executor in plain_pools.values():
        executor.shutdown()

    jobs = _jobs(catalog, samples, args.dossiers)
    for procs in (1, 2):
        started = time.perf_counter()
        _throughput(pools[procs], jobs, procs)
        elapsed = time.perf_counter() - started
        print(f"every document of {args.dossiers} dossiers ({len(jobs)} docs), {procs} process(es): "
              f"{elapsed:6.1f} s  ({len(jobs) / elapsed:5.1f} docs/s)")
    for pool in pools.values():
        pool.close()


if __name__ == "__main__":
    main()
