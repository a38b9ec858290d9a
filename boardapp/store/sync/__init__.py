"""Syncing a copy with the board server (PostgreSQL): the server's schema and roles,
and the client's upload and download. No Qt here."""
