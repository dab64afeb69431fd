"""Run every experiment, print published against model figures, and fit parameters to them.

    python tools/experiment_table.py                      # the table
    python tools/experiment_table.py --write              # ... and put it into model/README.md
    python tools/experiment_table.py --fit glut4_exo_insulin,as160_on --experiment insulin_step
                                                           # least squares on the log ratios

Run by hand (not in CI). Fitting needs scipy (the `test` extra). A fit only prints the values it
found; copy them into model/parameters.toml with their source ("Calibrated: ...") yourself, then run
`python -m model.healthy_start` and this tool again with --write.
"""

from __future__ import annotations

import argparse
import math
import sys
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


def fit(names: list[str], experiments: list[str]) -> dict[str, float]:
    """Parameters minimising the squared log ratios (or range misses) of the experiments' figures."""
    from scipy.optimize import least_squares

    from model.parameters import parameter_table

    info = {p.name: p for p in parameter_table()}
    start = [math.log(info[n].value) for n in names]
    bounds = ([math.log(info[n].min) for n in names], [math.log(info[n].max) for n in names])

    def residuals(logs) -> list[float]:
        overrides = {n: math.exp(v) for n, v in zip(names, logs, strict=True)}
        out = []
        for eid in experiments:
            for c in run_experiment(eid, overrides).comparisons:
                f = c.figure
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

    solution = least_squares(residuals, start, bounds=bounds, diff_step=0.05)
    return {n: math.exp(v) for n, v in zip(names, solution.x, strict=True)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="write the table into model/README.md")
    parser.add_argument("--fit", metavar="P1,P2", help="parameters to fit (names in model/parameters.toml)")
    parser.add_argument("--experiment", action="append", default=[], help="experiments to fit to")
    args = parser.parse_args(argv)
    if args.fit:
        found = fit(args.fit.split(","), args.experiment or experiment_ids())
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
