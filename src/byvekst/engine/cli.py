"""``byvekst optimise|simulate|frontier|robust|baseline|fixed-frames|byindeks`` — the engine on files, no database.

Exit 0 with a JSON answer (an infeasible instance is a valid answer, with its explanation); exit 2 with a
one-line error and no traceback when a file is unreadable or invalid.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from byvekst.engine.analysis import (
    LinearValueModel,
    frontier,
    gain_over_ranking,
    price_fixed_frames,
    robust,
    sample_weights,
)
from byvekst.engine.byindeks import ByindeksError, byindeks, read_counts
from byvekst.engine.byindeks import result_to_dict as byindeks_result_to_dict
from byvekst.engine.chance import optimise_chance
from byvekst.engine.format import FormatError, Instance, load_instance, result_from_dict, result_to_dict
from byvekst.engine.milp import optimise
from byvekst.engine.uncertainty import simulate, simulation_to_dict


class CliError(Exception):
    pass


def _read_json(path: str, what: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CliError(f"cannot read {what} {path}: {exc.strerror or exc}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CliError(f"{what} {path} is not valid JSON: {exc}") from exc


def _emit(doc: Any, out: str | None) -> None:
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    if out:
        Path(out).write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")


def _solve_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--time-limit", type=float, default=60.0, metavar="S", help="seconds (default 60)")
    p.add_argument("--gap", type=float, default=1e-4, metavar="G", help="relative optimality gap (default 0.0001)")


def _cmd_optimise(args: argparse.Namespace, inst: Instance) -> Any:
    if args.chance is not None:
        result = optimise_chance(
            inst,
            probability=args.chance,
            samples=args.samples,
            correlation=args.correlation,
            seed=args.seed,
            time_limit=args.time_limit,
            gap=args.gap,
        )
        doc = result_to_dict(result)
        doc["chance"] = {
            "probability": args.chance,
            "samples": args.samples,
            "correlation": args.correlation,
            "seed": args.seed,
        }
        return doc
    return result_to_dict(optimise(inst, time_limit=args.time_limit, gap=args.gap))


def _cmd_simulate(args: argparse.Namespace, inst: Instance) -> Any:
    if args.result:
        starts = result_from_dict(_read_json(args.result, "result")).starts
    else:
        starts = optimise(inst, time_limit=args.time_limit, gap=args.gap).starts
    unknown = [pid for pid in starts if pid not in {p.id for p in inst.projects}]
    if unknown:
        raise CliError(f"the result selects {unknown[0]}, which is not in the instance")
    sim = simulate(inst, starts, draws=args.draws, correlation=args.correlation, seed=args.seed)
    return simulation_to_dict(sim)


def _cmd_frontier(args: argparse.Namespace, inst: Instance) -> Any:
    step = (args.to - args.from_) / max(args.points - 1, 1)
    factors = [round(args.from_ + i * step, 6) for i in range(args.points)]
    points = frontier(inst, factors, time_limit=args.time_limit, gap=args.gap)
    return {
        "format": "byvekst.frontier/1",
        "instance": inst.name,
        "points": [
            {
                "factor": p.factor,
                "budget_total": p.budget_total,
                "objective": p.objective,
                "status": p.status,
                "selected": [{"id": i, "start": s} for i, s in p.selected],
            }
            for p in points
        ],
    }


def _cmd_robust(args: argparse.Namespace, inst: Instance) -> Any:
    spec = _read_json(args.weights, "weights file")
    if not isinstance(spec, dict) or "scores" not in spec:
        raise CliError(f'weights file {args.weights}: needs "scores" and "weight_sets" or "intervals"')
    model = LinearValueModel(spec["scores"], spec.get("size"))
    if "weight_sets" in spec:
        sets = spec["weight_sets"]
    elif "intervals" in spec:
        drawn = sample_weights(
            {k: tuple(v) for k, v in spec["intervals"].items()},
            int(spec.get("samples", 20)),
            int(spec.get("seed", 2027)),
        )
        sets = {f"sample {i + 1}": w for i, w in enumerate(drawn)}
    else:
        raise CliError(f'weights file {args.weights}: give "weight_sets" or "intervals"')
    r = robust(inst, model, sets, time_limit=args.time_limit, gap=args.gap)
    classes = r.classify()
    return {
        "format": "byvekst.robust/1",
        "instance": inst.name,
        "seed": spec.get("seed"),
        "core_index": r.core_index,
        "class": classes,
        "objectives": r.objectives,
        "portfolios": {k: [{"id": i, "start": s} for i, s in v] for k, v in r.portfolios.items()},
    }


def _cmd_baseline(args: argparse.Namespace, inst: Instance) -> Any:
    g = gain_over_ranking(inst, time_limit=args.time_limit, gap=args.gap)
    return {
        "format": "byvekst.baseline/1",
        "instance": inst.name,
        "optimum": result_to_dict(g.optimum),
        "ranking": result_to_dict(g.baseline),
        "gain": g.gain,
        "gain_share": g.gain_share,
    }


def _cmd_fixed_frames(args: argparse.Namespace, inst: Instance) -> Any:
    frames = _read_json(args.frames, "frames file")
    if not isinstance(frames, dict) or not all(isinstance(v, int | float) for v in frames.values()):
        raise CliError(f"frames file {args.frames}: must map each owner to a number")
    f = price_fixed_frames(inst, frames, time_limit=args.time_limit, gap=args.gap)
    return {
        "format": "byvekst.fixed-frames/1",
        "instance": inst.name,
        "frames": frames,
        "joint": result_to_dict(f.joint),
        "fixed": result_to_dict(f.fixed),
        "loss": f.loss,
        "loss_share": f.loss_share,
    }


COMMANDS: dict[str, Callable[[argparse.Namespace, Instance], Any]] = {
    "optimise": _cmd_optimise,
    "optimize": _cmd_optimise,
    "simulate": _cmd_simulate,
    "frontier": _cmd_frontier,
    "robust": _cmd_robust,
    "baseline": _cmd_baseline,
    "fixed-frames": _cmd_fixed_frames,
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="byvekst", description="Portfolio engine on byvekst.portfolio/1 files.")
    sub = top.add_subparsers(dest="command", required=True)
    p = sub.add_parser("optimise", aliases=["optimize"], help="optimal selection and start years")
    p.add_argument("instance")
    _solve_args(p)
    p.add_argument(
        "--chance",
        type=float,
        metavar="P",
        help="keep every frame with at least this probability (sample-average approximation)",
    )
    p.add_argument("--samples", type=int, default=100)
    p.add_argument("--correlation", type=float, default=0.3)
    p.add_argument("--seed", type=int, default=2027)
    p.add_argument("--out", metavar="RESULT.json")
    p = sub.add_parser("simulate", help="Monte Carlo over the costs of a portfolio")
    p.add_argument("instance")
    p.add_argument("--result", metavar="RESULT.json", help="the portfolio to simulate (default: optimise first)")
    p.add_argument("--draws", type=int, default=10_000)
    p.add_argument("--correlation", type=float, default=0.3)
    p.add_argument("--seed", type=int, default=2027)
    _solve_args(p)
    p.add_argument("--out")
    p = sub.add_parser("frontier", help="value against budget level")
    p.add_argument("instance")
    p.add_argument("--points", type=int, default=20)
    p.add_argument("--from", dest="from_", type=float, default=0.5)
    p.add_argument("--to", type=float, default=1.5)
    _solve_args(p)
    p.add_argument("--out")
    p = sub.add_parser("robust", help="core index across the parties' weights")
    p.add_argument("instance")
    p.add_argument("--weights", required=True, metavar="WEIGHTS.json")
    _solve_args(p)
    p.add_argument("--out")
    p = sub.add_parser("baseline", help="the value-per-krone ranking and the optimiser's gain over it")
    p.add_argument("instance")
    _solve_args(p)
    p.add_argument("--out")
    p = sub.add_parser("byindeks", help="the byindeks of a year from two years of registration-point counts (CSV)")
    p.add_argument("current", metavar="YEAR.csv")
    p.add_argument("previous", metavar="YEAR-1.csv")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--out")
    p = sub.add_parser("fixed-frames", help="what fixed frames per party cost against joint prioritisation")
    p.add_argument("instance")
    p.add_argument("--frames", required=True, metavar="FRAMES.json", help='{"Askøy kommune": 45.0, ...}')
    _solve_args(p)
    p.add_argument("--out")
    return top


def _byindeks(args: argparse.Namespace) -> Any:
    read = []
    for path in (args.current, args.previous):
        try:
            counts, errors = read_counts(Path(path).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as exc:
            raise CliError(f"cannot read {path}: {exc}") from exc
        if errors:
            raise CliError(f"{path}: " + "; ".join(str(e) for e in errors[:5]))
        read.append(counts)
    try:
        return byindeks_result_to_dict(byindeks(read[0], read[1], args.year))
    except ByindeksError as exc:
        raise CliError(str(exc)) from exc


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    command = "optimise" if args.command == "optimize" else args.command
    try:
        if command == "byindeks":
            _emit(_byindeks(args), args.out)
            return 0
        inst = load_instance(args.instance)
        _emit(COMMANDS[command](args, inst), args.out)
    except (FormatError, CliError, ValueError) as exc:
        sys.stderr.write(f"byvekst {command}: error: {exc}\n")
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
