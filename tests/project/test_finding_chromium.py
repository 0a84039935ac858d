"""The browser is found as chromium, chromium-browser or google-chrome on the PATH, or
wherever CHROMIUM says; without one, browser tests skip, and fail under CI=true."""

import pytest
from conftest import need_chromium

from tools.browser import NAMES, NoChromium, chromium_path


@pytest.fixture
def path_with(tmp_path, monkeypatch):
    """Make a PATH of fake executables with the given names (and nothing else on it)."""
    monkeypatch.delenv("CHROMIUM", raising=False)

    def make(*names):
        for name in names:
            (tmp_path / name).write_text("#!/bin/sh\n")
            (tmp_path / name).chmod(0o755)
        monkeypatch.setenv("PATH", str(tmp_path))
        return tmp_path

    return make


@pytest.mark.parametrize("name", ["chromium", "chromium-browser", "google-chrome"])
def test_each_name_is_found_on_the_path(path_with, name):
    folder = path_with(name)
    assert chromium_path() == str(folder / name)


def test_the_names_are_tried_in_order(path_with):
    folder = path_with(*NAMES)
    assert chromium_path() == str(folder / "chromium")
    (folder / "chromium").unlink()
    assert chromium_path() == str(folder / "chromium-browser")


def test_chromium_names_the_browser_first(path_with, tmp_path, monkeypatch):
    path_with("chromium")
    chrome = tmp_path / "Google Chrome"  # e.g. inside /Applications on a Mac
    chrome.write_text("#!/bin/sh\n")
    chrome.chmod(0o755)
    monkeypatch.setenv("CHROMIUM", str(chrome))
    assert chromium_path() == str(chrome)
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "nothing-here"))
    with pytest.raises(NoChromium, match="CHROMIUM=.*nothing-here"):
        chromium_path()


def test_without_a_browser_the_error_names_all_four_ways(path_with):
    path_with()
    with pytest.raises(NoChromium) as error:
        chromium_path()
    for way in ("CHROMIUM", "chromium", "chromium-browser", "google-chrome"):
        assert way in str(error.value)


def test_without_a_browser_tests_skip_but_fail_in_ci(path_with, monkeypatch):
    path_with()
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no browser found"):
        need_chromium()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true, so browser tests must run"):
        need_chromium()
