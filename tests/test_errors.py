"""The global exception hook logs, shows one dialog, and keeps the app alive."""

from __future__ import annotations

import ui.errors as errors


def test_an_unexpected_error_is_logged_and_shown_once(qtbot, tmp_path, monkeypatch, capsys):
    shown = []
    monkeypatch.delenv("IPE_NO_DIALOGS", raising=False)
    monkeypatch.setattr(errors, "log_path", lambda: tmp_path / "errors.log")
    monkeypatch.setattr(errors.QMessageBox, "warning", lambda *args: shown.append(args[2]))
    hook = errors.ExceptionHook()
    for _ in range(3):
        try:
            raise ValueError("boom")
        except ValueError as exc:
            hook(type(exc), exc, exc.__traceback__)
    assert hook.count == 3
    assert len(shown) == 1 and "boom" in shown[0]
    assert (tmp_path / "errors.log").read_text().count("ValueError: boom") == 3
    assert "ValueError: boom" in capsys.readouterr().err


def test_measuring_runs_log_without_a_dialog(qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setenv("IPE_NO_DIALOGS", "1")
    monkeypatch.setattr(errors, "log_path", lambda: tmp_path / "errors.log")
    monkeypatch.setattr(errors.QMessageBox, "warning", lambda *args: shown.append(args[2]))
    hook = errors.ExceptionHook()
    try:
        raise RuntimeError("quiet")
    except RuntimeError as exc:
        hook(type(exc), exc, exc.__traceback__)
    assert hook.count == 1 and shown == []
    assert "RuntimeError: quiet" in (tmp_path / "errors.log").read_text()


def test_a_windowed_build_without_console_streams_still_logs_errors(qtbot, tmp_path, monkeypatch):
    """The Windows .exe and the macOS .app start with sys.stdout and sys.stderr set to None."""
    import sys

    import pytest

    import main

    monkeypatch.setenv("IPE_NO_DIALOGS", "1")
    monkeypatch.setattr(errors, "log_path", lambda: tmp_path / "errors.log")
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    hook = errors.ExceptionHook()
    error = RuntimeError("no console")
    with pytest.raises(AttributeError):  # the trap: writing to a missing stream raises in the hook
        hook(RuntimeError, error, None)
    main.ensure_standard_streams()
    hook(RuntimeError, error, None)
    assert "RuntimeError: no console" in (tmp_path / "errors.log").read_text()
    assert main.main(["--list-toggles"]) == 0  # the command line's output goes nowhere, without failing
