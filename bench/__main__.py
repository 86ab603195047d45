"""Run every bench module (bench/bench_*.py): `python -m bench`."""

import importlib
import pkgutil

import bench

for info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda m: m.name):
    if info.name.startswith("bench_"):
        print(f"== {info.name}")
        importlib.import_module(f"bench.{info.name}").main()
