"""Run every experiment, print published against model figures, and fit parameters to them.

    python tools/experiment_table.py                      # the table
    python tools/experiment_table.py --write              # ... and put it into model/README.md
    python tools/experiment_table.py --fit glut4_exo_insulin,as160_on+as160_off \
        --experiment insulin_step [--figures glut4_half_time,...]   # least squares on the log ratios

Run by hand (not in CI). Fitting needs scipy (the `test` extra). A fit only prints the values it
found; copy them into model/parameters.toml with their source ("Calibrated: ...") yourself, then run
`python -m model.healthy_start` and this tool again with --write.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model.experiments import TABLE_MARKERS, experiment_ids, markdown_table, run_experiment  # noqa: E402

README = ROOT / "model" / "README.md"
BEGIN, END = TABLE_MARKERS


def write_readme(text: str) -> None:
    readme = README.read_text(encoding="utf-8")
    start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
    README.write_text(readme[:start] + "\n" + text + readme[end:], encoding="utf-8")


def fit_parameters(groups: list[str], residuals_of: Callable[[dict[str, float]], list[float]],
                   prefer_small: float = 0.05, max_runs: int = 200) -> dict[str, float]:
    """Parameters minimising the squares of `residuals_of(overrides)` (least squares, scipy), each
    kept inside its range. Each group is one parameter, or several joined by "+" that are scaled by
    one common factor (an on and an off rate scaled together keep their step's steady state and
    change only its speed). Of equally good fits, the smaller changes win (`prefer_small`)."""
    import numpy as np
    from scipy.optimize import least_squares, minimize

    from model.parameters import parameter_table

    info = {p.name: p for p in parameter_table()}
    members = [group.split("+") for group in groups]

    def overrides(logs) -> dict[str, float]:
        out = {}
        for names, log_factor in zip(members, logs, strict=True):
            for n in names:
                value = info[n].value * math.exp(log_factor)
                out[n] = min(max(value, info[n].minimum), info[n].maximum)  # inside its range
        return out

    def residuals(logs) -> list[float]:
        return residuals_of(overrides(logs)) + [prefer_small * v for v in logs]

    solution = least_squares(residuals, [0.0] * len(members), bounds=(-2.3, 2.3), diff_step=0.05,
                             max_nfev=max_runs)
    # Figures read off a one-minute grid (peak times, half-times) make the finite-difference slopes
    # above unreliable, and least squares can stop where it began; a simplex search, which needs no
    # slopes, goes on from where it stopped.
    polished = minimize(lambda logs: float(np.sum(np.square(residuals(logs)))), solution.x,
                        method="Nelder-Mead", bounds=[(-2.3, 2.3)] * len(members),
                        options={"maxfev": max_runs, "xatol": 0.01, "fatol": 1e-4})
    best = polished.x if polished.fun < 2 * solution.cost else solution.x
    print(f"cost {np.sum(np.square(residuals(best))) / 2:.4g} after {solution.nfev + polished.nfev} runs; "
          "residuals " + ", ".join(f"{r:+.3f}" for r in residuals(best)[:-len(members)]))
    return overrides(best)


def fit_from_command_line(argv: list[str], residuals_of: Callable[[dict[str, float]], list[float]],
                          prefer_small: float) -> int:
    """`GROUPS [MAX_RUNS]` from the command line: fit, then print each value found."""
    max_runs = int(argv[1]) if len(argv) > 1 else 250
    found = fit_parameters(argv[0].split(","), residuals_of, prefer_small=prefer_small, max_runs=max_runs)
    for name, value in found.items():
        print(f"{name} = {value:.4g}")
    return 0


def fit(groups: list[str], experiments: list[str], only: set[str] | None = None) -> dict[str, float]:
    """Parameters minimising the squared log ratios (or range misses) of the experiments' figures."""

    def residuals_of(overrides: dict[str, float]) -> list[float]:
        out = []
        for eid in experiments:
            for c in run_experiment(eid, overrides).comparisons:
                f = c.figure
                if only and f.id not in only:
                    continue
                if f.value:
                    out.append(math.log(max(c.model, 1e-9) / f.value) if f.value > 0 and c.model > 0
                               else (c.model - f.value) / abs(f.value))
                elif f.value is None:
                    low = f.low if f.low is not None else -math.inf
                    high = f.high if f.high is not None else math.inf
                    out.append(0.0 if low <= c.model <= high else
                               math.log(c.model / (low if c.model < low else high)) if c.model > 0 else 1.0)
                else:
                    out.append(c.model - f.value)
        return out

    return fit_parameters(groups, residuals_of)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="write the table into model/README.md")
    parser.add_argument("--fit", metavar="P1,P2", help="parameters to fit (names in model/parameters.toml)")
    parser.add_argument("--experiment", action="append", default=[], help="experiments to fit to")
    parser.add_argument("--figures", metavar="ID1,ID2", help="fit only to these figures' ids")
    args = parser.parse_args(argv)
    if args.fit:
        only = set(args.figures.split(",")) if args.figures else None
        found = fit(args.fit.split(","), args.experiment or experiment_ids(), only)
        for name, value in found.items():
            print(f"{name} = {value:.6g}")
        return 0
    results = [run_experiment(eid) for eid in experiment_ids()]
    text = markdown_table(results)
    print(text)
    if args.write:
        write_readme(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
