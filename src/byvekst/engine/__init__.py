"""The portfolio engine: pure Python, NumPy and HiGHS. No Django (an import-linter contract guards this).

Public API::

    from byvekst.engine import load_instance, parse_instance, optimise, simulate, frontier, robust, ranking

See the module docstrings for the formulations: :mod:`.milp`, :mod:`.uncertainty`, :mod:`.chance`,
:mod:`.baseline`, :mod:`.analysis`, :mod:`.explain`.
"""

from byvekst.engine.analysis import LinearValueModel, frontier, gain_over_ranking, price_fixed_frames, robust
from byvekst.engine.baseline import ranking
from byvekst.engine.chance import optimise_chance
from byvekst.engine.format import FormatError, Instance, Result, load_instance, parse_instance
from byvekst.engine.milp import optimise
from byvekst.engine.uncertainty import fit_lognormal, simulate

__all__ = [
    "FormatError",
    "Instance",
    "LinearValueModel",
    "Result",
    "fit_lognormal",
    "frontier",
    "gain_over_ranking",
    "load_instance",
    "optimise",
    "optimise_chance",
    "parse_instance",
    "price_fixed_frames",
    "ranking",
    "robust",
    "simulate",
]
