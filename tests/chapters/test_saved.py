"""The lesson's ``#@save`` functions: ``d2l_local/saved.py`` is what the lesson defines."""

from d2l_local import torch as d2l
from tools.save_functions import SAVED, saved_functions, saved_module


def test_saved_py_is_generated_from_the_lesson():
    assert SAVED.read_text() == saved_module(), "d2l_local/saved.py is stale: run `make saved`"


def test_the_saved_functions_are_the_lessons_and_reach_d2l():
    names = [name for name, _ in saved_functions()]
    assert names == ["adam_step_size", "init_adam_states", "adam", "yogi", "run_reddi"]
    for name in names:
        assert getattr(d2l, name).__module__ == "d2l_local.saved"
