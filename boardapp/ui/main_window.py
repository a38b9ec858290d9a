"""The main window: for now, the overview of every notice requirement."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHeaderView, QLabel, QMainWindow, QTableView, QVBoxLayout, QWidget

from boardapp.store import dataset_info
from boardapp.store.connection import Database
from boardapp.store.overview import requirement_rows
from boardapp.ui.overview_model import OverviewModel


class MainWindow(QMainWindow):
    def __init__(self, database: Database) -> None:
        super().__init__()
        self.database = database
        with database.session() as session:
            about = dataset_info.read(session)
            rows = requirement_rows(session)
        self.setWindowTitle(f"Board App – {about.display_name}")
        self.banner = QLabel(about.display_name)
        self.banner.setAccessibleName("Database")
        if about.is_synthetic:
            self.banner.setStyleSheet("font-weight: bold;")
        self.model = OverviewModel(self)
        self.model.set_rows(rows)
        self.table = QTableView()
        self.table.setAccessibleName("Notice requirements")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.banner)
        layout.addWidget(self.table)
        self.setCentralWidget(body)
        self.statusBar().showMessage(f"{len(rows)} requirements · {database.path}")
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.menuBar().addMenu("&File").addAction(quit_action)
        self.resize(1100, 700)
