"""The project's exceptions survive the trip from a worker process, message and fields."""

from __future__ import annotations

import pickle

from rfp.errors import ConfigError, Problem, ProposalReadError, RenderError


def test_a_config_error_crosses_processes_with_its_problems() -> None:
    error = ConfigError([Problem("rfp.yaml", "unknown key", key="wieghts", line=4)])
    back = pickle.loads(pickle.dumps(error))
    assert back.problems == error.problems
    assert str(back) == str(error) == "1 problem found:\n  - rfp.yaml:4: wieghts: unknown key"


def test_a_proposal_read_error_crosses_processes_with_its_file_and_reason() -> None:
    error = ProposalReadError("acme/proposal.pdf", "the PDF is encrypted (password protected)")
    back = pickle.loads(pickle.dumps(error))
    assert (back.file, back.reason) == ("acme/proposal.pdf", error.reason)
    assert str(back) == "acme/proposal.pdf: the PDF is encrypted (password protected)"


def test_a_plain_project_error_keeps_its_message() -> None:
    assert str(pickle.loads(pickle.dumps(RenderError("template broken")))) == "template broken"
