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
