"""The one-shot commands that read the whole history run with the cycle collector paused, and
leave it as they found it, whatever happens inside."""

from __future__ import annotations

import gc
import inspect

import pytest

from psoas.cli.history_commands import history
from psoas.cli.output import collector_paused, with_collector_paused


@pytest.fixture
def collector_on() -> None:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_paused_inside_and_enabled_again_after_an_error(collector_on) -> None:  # noqa: ANN001
    seen = []
    with pytest.raises(ValueError), collector_paused():
        seen.append(gc.isenabled())
        raise ValueError("bad input")
    assert seen == [False]
    assert gc.isenabled()


def test_a_collector_off_before_stays_off(collector_on) -> None:  # noqa: ANN001
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_the_wrapped_command_keeps_its_options_and_result(collector_on) -> None:  # noqa: ANN001
    def count(limit: int = 3) -> tuple[int, bool]:
        return limit, gc.isenabled()

    wrapped = with_collector_paused(count)
    assert wrapped(limit=5) == (5, False)
    assert gc.isenabled()
    assert inspect.signature(with_collector_paused(history)) == inspect.signature(history)  # what Typer reads


def test_history_options_still_parse(run) -> None:  # noqa: ANN001
    result = run("history", "--limit", "0")
    assert result.code == 2
    assert "--limit must be 1 or more" in result.err
