"""The desktop window: PySide6 views over the store and the domain. The only Qt in the app."""
