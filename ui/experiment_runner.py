"""Running one experiment for the window in a process of its own (ui/child_job.py): the window stays
responsive and Cancel stops it at once. `finished` carries a model.experiments.ExperimentResult."""

from __future__ import annotations

from .child_job import ChildJob


class ExperimentRunner(ChildJob):
    experiment_id: str | None = None

    def start(self, experiment_id: str) -> None:
        """Run `experiment_id` (one at a time: a running experiment is cancelled first)."""
        self.start_job("model.experiments:run_experiment_as_dict", experiment_id,
                       name=f"experiment {experiment_id}")
        self.experiment_id = experiment_id

    def result(self, value: object):
        from model.experiments import ExperimentError, result_from_dict

        try:
            return result_from_dict(value)
        except ExperimentError as exc:
            raise ValueError(str(exc)) from exc
