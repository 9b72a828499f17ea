"""Portfolio engine benchmark. Run: `.venv/bin/python bench/portfolio.py [--quick] [--out bench/RESULTS.md]`.

Generated instances (byvekst.engine.generate) of 60, 150, 400 and 1000 projects with 4- and 10-year horizons:
solve time, status, gap, and value against the value-per-krone ranking; then the frontier, Monte Carlo and
core-index targets of issue 5. Prints a Markdown report with the machine it ran on.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import highspy
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from byvekst.engine.analysis import LinearValueModel, frontier, robust, sample_weights
from byvekst.engine.baseline import ranking
from byvekst.engine.format import parse_instance
from byvekst.engine.generate import generate
from byvekst.engine.milp import optimise
from byvekst.engine.uncertainty import simulate


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"HiGHS {highspy.Highs().version()}, NumPy {np.__version__}"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="small sizes only (a smoke run)")
    ap.add_argument("--out", help="write the Markdown report here")
    args = ap.parse_args()
    sizes = (
        [(60, 4), (150, 4)]
        if args.quick
        else [(60, 4), (150, 4), (400, 4), (1000, 4), (60, 10), (150, 10), (400, 10), (1000, 10)]
    )
    lines = [
        "# Portfolio engine benchmark",
        "",
        f"Machine: {machine()}  ",
        f"Run: {time.strftime('%Y-%m-%d %H:%M')}",
        "",
        "## Optimisation",
        "",
        "4-year instances: gap target 0.01 %, time limit 60 s. 10-year: gap target 0.5 %, time limit 60 s.",
        "",
        "| projects | years | status | seconds | gap | value | ranking value | gain over ranking |",
        "|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for n, horizon in sizes:
        inst = parse_instance(generate(n, horizon, seed=1))
        gap = 1e-4 if horizon == 4 else 5e-3
        r = optimise(inst, time_limit=60, gap=gap)
        b = ranking(inst)
        gain = (r.objective - b.objective) / b.objective if r.objective and b.objective else float("nan")
        lines.append(
            f"| {n} | {horizon} | {r.status} | {r.solve_seconds:.2f} | {100 * (r.gap or 0):.3f} % | "
            f"{r.objective or 0:,.0f} | {b.objective or 0:,.0f} | {100 * gain:.1f} % |"
        )
        print(lines[-1], flush=True)

    inst150 = parse_instance(generate(150, 4, seed=1))
    t = time.perf_counter()
    pts = frontier(inst150, list(np.linspace(0.5, 1.5, 20)), gap=1e-3)
    frontier_s = time.perf_counter() - t
    inst400 = parse_instance(generate(400, 4, seed=1))
    sel = optimise(inst400, gap=1e-3).starts
    t = time.perf_counter()
    simulate(inst400, sel, draws=10_000, correlation=0.3, seed=1)
    mc_s = time.perf_counter() - t
    rng = np.random.default_rng(5)
    crit = ["nullvekst", "klima", "trafikksikkerhet", "areal"]
    scores = {p.id: {c: float(rng.integers(0, 6)) for c in crit} for p in inst150.projects}
    size = {p.id: p.value / 3 for p in inst150.projects}
    weights = sample_weights({c: (0.1, 0.5) for c in crit}, 20, seed=1)
    t = time.perf_counter()
    rb = robust(inst150, LinearValueModel(scores, size), {f"s{i}": w for i, w in enumerate(weights)}, gap=1e-3)
    core_s = time.perf_counter() - t
    classes = rb.classify()
    lines += [
        "",
        "## Analyses",
        "",
        "| task | target | measured | met |",
        "|---|---:|---:|---|",
        f"| 20-point frontier, 150 projects (gap 0.1 % per point) | 30 s | {frontier_s:.1f} s | "
        f"{'yes' if frontier_s < 30 else 'no'} |",
        f"| 10,000 Monte Carlo draws, 400 projects | 2 s | {mc_s:.2f} s | {'yes' if mc_s < 2 else 'no'} |",
        f"| core index, 20 weight samples, 150 projects (gap 0.1 %) | 60 s | {core_s:.1f} s | "
        f"{'yes' if core_s < 60 else 'no'} |",
        "",
        f"Frontier points solved: {sum(p.status in ('optimal', 'feasible') for p in pts)}/20. "
        f"Core index classes: {sum(v == 'core' for v in classes.values())} core, "
        f"{sum(v == 'contested' for v in classes.values())} contested, "
        f"{sum(v == 'out' for v in classes.values())} out.",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        Path(args.out).write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
