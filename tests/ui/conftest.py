from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QSettings

from boardapp.store.first_run import create_database


@pytest.fixture(autouse=True)
def private_settings(tmp_path, qapp):
    """QSettings in a folder of the test's own, so no test reads another's (or yours)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    qapp.setOrganizationName("BoardAppTests")
    qapp.setApplicationName("Board App")
    yield


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite"
    create_database(path)
    return path


@pytest.fixture
def demo_db(demo_template, tmp_path):
    """A fresh copy of the demo database for each test."""
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_template, path)
    return path


def settle(qtbot, window) -> None:
    """Wait until the window's views have loaded what they were asked for."""
    qtbot.waitUntil(lambda: not window.context.tasks.busy, timeout=10_000)
