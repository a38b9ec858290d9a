"""Setting up a board server: schema (the app's own Alembic ladder), sync machinery,
roles, grants and row-level security; and each person's own login.

Roles live in the database server, not the client: a person connects with their own
login, which is a member of exactly one of four group roles (observer, member, chair,
secretariat) named after the board database (``board_member``...). What each may do is
written in grants and policies here, so crafted SQL over a person's own connection can
do no more than the app would let them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg
from alembic import command
from alembic.config import Config
from psycopg import sql
from sqlalchemy import create_engine, pool

from boardapp import bundled
from boardapp.domain.terms import Role
from boardapp.store import migrations
from boardapp.store.sync import tables
from boardapp.store.sync.connect import ServerAddress, connect
from boardapp.store.sync.errors import SyncError
from boardapp.store.sync.server_history import grant_history, history_policies
from boardapp.store.sync.server_sql import MACHINERY, track_trigger

SCRAM_ITERATIONS = 4096

# What the secretariat writes: the plan, the notice, readings, targets (and thresholds,
# written as targets are), meetings, status.
SECRETARIAT_WRITES = [
    "notice", "requirement", "indicator", "target", "threshold", "reading", "reading_revision", "comparator",
    "plan", "priority", "focus_area", "action", "milestone", "inspection", "judgement",
    "recommendation", "meeting", *tables.LINKS,
]
ANSWER_COLUMNS = ["answer", "answered_by", "answered_at", "answered_meeting_id", "status", "updated_at"]
RESOLVE_COLUMNS = ["resolved", "resolution", "resolved_by", "resolved_at", "updated_at"]
# Tables whose rows an observer may not see when they are marked exempt.
EXEMPT_FILTERED = ["requirement", "action", "annotation"]
# Member columns no login reads.
MEMBER_SECRET = {"passphrase_hash"}


@dataclass(frozen=True)
class BoardRoles:
    """The four group roles of one board database."""

    prefix: str

    @classmethod
    def of(cls, database: str) -> BoardRoles:
        return cls(_slug(database)[:40] or "board")

    def group(self, role: Role) -> str:
        return f"{self.prefix}_{role.value}"

    @property
    def groups(self) -> list[str]:
        return [self.group(role) for role in Role]

    @property
    def people(self) -> str:
        """The group every member's login stays in, withdrawn or not: it may connect and
        ask who it is (``board_whoami()``), nothing else."""
        return f"{self.prefix}_people"

    def login_for(self, name: str) -> str:
        login = f"{self.prefix}_{_slug(name)}"
        if len(login) > 63:
            digest = hashlib.sha256(name.encode()).hexdigest()[:8]
            login = f"{login[:54]}_{digest}"
        return login


def _slug(text: str) -> str:
    """Lower-case letters, digits and underscores only: a safe part of a role name."""
    folded = re.sub(r"[^a-z0-9]+", "_", text.casefold()).strip("_")
    return folded if folded and not folded[0].isdigit() else f"x_{folded}"


# --- server init -----------------------------------------------------------------------


def init_server(address: ServerAddress, password: str | None, *, after_restore: bool = False) -> str:
    """Create the board database if needed, migrate it to this app's schema, (re)apply
    the sync machinery, roles, grants and policies. Returns the schema revision.

    ``after_restore``: the database was restored from a backup, so its change numbers
    may repeat ones laptops have already seen: give it a new board id, and every laptop
    downloads everything at its next sync (their unsent changes still go up)."""
    _create_database_if_missing(address, password)
    engine = create_engine(address.sqlalchemy_url(password), poolclass=pool.NullPool)
    try:
        with engine.begin() as connection:
            config = Config()
            config.set_main_option("script_location", str(bundled.migrations()))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        engine.dispose()
    with connect(address, password) as connection:
        with connection.transaction():
            apply_server_layer(connection, BoardRoles.of(address.database), address.database)
            if after_restore:
                connection.execute("UPDATE sync_meta SET value = gen_random_uuid()::text WHERE key = 'board_id'")
    return migrations.head_revision()


def _create_database_if_missing(address: ServerAddress, password: str | None) -> None:
    maintenance = ServerAddress(address.url.set(database="postgres"))
    try:
        with connect(maintenance, password, autocommit=True) as connection:
            found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [address.database]).fetchone()
            if not found:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(address.database)))
    except psycopg.errors.InsufficientPrivilege as exc:
        raise SyncError(
            f"there is no database {address.database!r} and this login may not create one: "
            "ask the database administrator to create it"
        ) from exc


def apply_server_layer(connection: psycopg.Connection, roles: BoardRoles, database: str) -> None:
    connection.execute(MACHINERY)
    # The row-level checks make the planner's estimates large enough to JIT-compile each
    # download's queries: seconds of compiling for milliseconds of work. Never worth it here.
    connection.execute(sql.SQL("ALTER DATABASE {} SET jit = off").format(sql.Identifier(database)))
    for name in tables.TRACKED:
        if name in tables.LINKS:
            link = tables.LINKS[name]
            connection.execute(track_trigger(name, link.owner_column, link.owner_table))
        else:
            connection.execute(track_trigger(name))
    _create_groups(connection, roles)
    _grant(connection, roles, database)
    _policies(connection, roles)


def _role_exists(connection: psycopg.Connection, name: str) -> bool:
    return connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone() is not None


def _create_groups(connection: psycopg.Connection, roles: BoardRoles) -> None:
    for group in [*roles.groups, roles.people]:
        if not _role_exists(connection, group):
            connection.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(group)))
    # Logins made before the people group existed join it.
    for (login,) in connection.execute("SELECT login FROM member WHERE login IS NOT NULL").fetchall():
        if _role_exists(connection, login):
            connection.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(roles.people), sql.Identifier(login)))


def _ids(names: list[str]) -> sql.Composed:
    return sql.SQL(", ").join(sql.Identifier(n) for n in names)


def _sequences(connection: psycopg.Connection, table_names: list[str]) -> list[str]:
    found = []
    for name in table_names:
        if name in tables.LINKS:
            continue
        row = connection.execute("SELECT pg_get_serial_sequence(%s, 'id')", [name]).fetchone()
        if row and row[0]:
            found.append(row[0].split(".")[-1].strip('"'))
    return found


def _grant(connection: psycopg.Connection, roles: BoardRoles, database: str) -> None:
    every = [sql.Identifier(g) for g in roles.groups]
    groups = sql.SQL(", ").join(every)
    group = {role: sql.Identifier(roles.group(role)) for role in Role}
    writers = sql.SQL(", ").join(group[r] for r in (Role.MEMBER, Role.CHAIR, Role.SECRETARIAT))
    answerers = sql.SQL(", ").join(group[r] for r in (Role.CHAIR, Role.SECRETARIAT))
    run = connection.execute
    people = sql.Identifier(roles.people)
    run(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(sql.Identifier(database)))
    run(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}").format(sql.Identifier(database), groups, people))
    run("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC")
    run("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    run(sql.SQL("GRANT USAGE ON SCHEMA public TO {}, {}").format(groups, people))
    run(sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}, {}").format(groups, people))
    run(sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {}, {}").format(groups, people))
    # A login with no role's group (a withdrawn member) may ask who it is, and nothing else.
    run("REVOKE ALL ON FUNCTION board_whoami() FROM PUBLIC")
    run(sql.SQL("GRANT EXECUTE ON FUNCTION board_whoami() TO {}, {}").format(groups, people))
    run(sql.SQL("GRANT SELECT ON alembic_version TO {}").format(people))  # which app it needs, to say so
    readable = [t for t in (*tables.TABLES, *tables.LINKS, "alembic_version", "sync_change", "sync_meta") if t != "member"]
    run(sql.SQL("GRANT SELECT ON {} TO {}").format(_ids(readable), groups))
    # The member list: the secretariat reads it whole; the others not the logins (half of
    # a credential, handed out by the secretariat); nobody the passphrase hash (never sent
    # to a server, and kept from every login should one get there). Which rows: _policies.
    member_columns = [c.name for c in tables.TABLES["member"].columns if c.name not in MEMBER_SECRET]
    public_columns = [c for c in member_columns if c != "login"]
    run(sql.SQL("GRANT SELECT ({}) ON member TO {}").format(_ids(member_columns), group[Role.SECRETARIAT]))
    others = sql.SQL(", ").join(group[r] for r in Role if r is not Role.SECRETARIAT)
    run(sql.SQL("GRANT SELECT ({}) ON member TO {}").format(_ids(public_columns), others))
    # Members made or changed on the secretariat's laptop go up; logins are made only by
    # `server add-member` (IT), never by a laptop.
    writable = [c for c in public_columns if c != "id"]
    run(sql.SQL("GRANT INSERT ({}) ON member TO {}").format(_ids(writable), group[Role.SECRETARIAT]))
    run(
        sql.SQL("GRANT UPDATE ({}) ON member TO {}").format(
            _ids([c for c in writable if c not in ("uuid", "created_at")]), group[Role.SECRETARIAT]
        )
    )
    run(
        sql.SQL("GRANT USAGE ON SEQUENCE {} TO {}").format(
            _ids(_sequences(connection, ["member"])), group[Role.SECRETARIAT]
        )
    )
    # The audit log: read by the chair and the secretariat, written only by the server's
    # own triggers, changed by nobody.
    run(sql.SQL("GRANT SELECT ON audit_log TO {}").format(answerers))
    # Notes and the ledger of applied operations.
    run(sql.SQL("GRANT INSERT ON annotation, sync_operation TO {}").format(writers))
    run(sql.SQL("GRANT SELECT ON sync_operation TO {}").format(writers))
    run(sql.SQL("GRANT USAGE ON SEQUENCE {} TO {}").format(_ids(_sequences(connection, ["annotation"])), writers))
    run(sql.SQL("GRANT UPDATE ({}) ON annotation TO {}").format(_ids(ANSWER_COLUMNS), answerers))
    run(sql.SQL("GRANT INSERT ON sync_conflict TO {}").format(answerers))
    run(sql.SQL("GRANT USAGE ON SEQUENCE {} TO {}").format(_ids(_sequences(connection, ["sync_conflict"])), answerers))
    # The secretariat: readings, targets, the plan, status, meetings; and settling conflicts.
    run(sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(_ids(SECRETARIAT_WRITES), group[Role.SECRETARIAT]))
    run(
        sql.SQL("GRANT USAGE ON SEQUENCE {} TO {}").format(
            _ids(_sequences(connection, SECRETARIAT_WRITES)), group[Role.SECRETARIAT]
        )
    )
    run(sql.SQL("GRANT UPDATE ({}) ON sync_conflict TO {}").format(_ids(RESOLVE_COLUMNS), group[Role.SECRETARIAT]))
    # History: written by whoever may make the change it records, changed by nobody.
    grant_history(connection, group)
    run("REVOKE ALL ON FUNCTION board_prune_tombstones(interval) FROM PUBLIC")
    run(sql.SQL("GRANT EXECUTE ON FUNCTION board_prune_tombstones(interval) TO {}").format(group[Role.SECRETARIAT]))


def _policy(connection: psycopg.Connection, table: str, name: str, body: sql.Composable) -> None:
    connection.execute(sql.SQL("DROP POLICY IF EXISTS {} ON {}").format(sql.Identifier(name), sql.Identifier(table)))
    connection.execute(
        sql.SQL("CREATE POLICY {} ON {} ").format(sql.Identifier(name), sql.Identifier(table)) + body
    )


def _policies(connection: psycopg.Connection, roles: BoardRoles) -> None:
    group = {role: sql.Identifier(roles.group(role)) for role in Role}
    member_or_chair = sql.SQL(", ").join([group[Role.MEMBER], group[Role.CHAIR]])
    answerers = sql.SQL(", ").join([group[Role.CHAIR], group[Role.SECRETARIAT]])
    for table in [*EXEMPT_FILTERED, "sync_conflict", "sync_operation"]:
        connection.execute(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(sql.Identifier(table)))
    for table in ("member", "milestone", "sync_change"):
        connection.execute(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(sql.Identifier(table)))
    for table in ("requirement", "action"):
        _policy(connection, table, "board_read", sql.SQL("FOR SELECT USING (NOT exempt OR board_sees_exempt())"))
    # Exempt follows its item: a note on an exempt requirement or action is exempt with it,
    # whenever it was written; a milestone with its action (and links with both ends, below).
    _policy(
        connection, "annotation", "board_read",
        sql.SQL(
            "FOR SELECT USING ((SELECT board_sees_exempt())"
            " OR (NOT exempt AND NOT board_exempt_item(target_kind::text, target_uuid)))"
        ),
    )
    _policy(
        connection, "milestone", "board_read",
        sql.SQL("FOR SELECT USING (EXISTS (SELECT 1 FROM action x WHERE x.id = milestone.action_id))"),
    )
    # The change feed names a row only to those who may read it now (a deleted one: who
    # could when it went). Whoever may not read exempt items starts again from a full
    # download when an item's exemption changes (board_horizon()), so no entry of a
    # hidden row is ever needed to take it away.
    _policy(connection, "sync_change", "board_read", sql.SQL("FOR SELECT USING ({})").format(_feed_rule()))
    # The member list: observers read only their own row; the others every member.
    _policy(
        connection, "member", "board_read",
        sql.SQL(
            "FOR SELECT USING ((SELECT board_role()) IN ('member', 'chair', 'secretariat')"
            " OR id = (SELECT board_member_id()))"
        ),
    )
    _member_groups_trigger(connection, roles)
    for table in ("requirement", "action", "milestone", "member"):
        _policy(
            connection, table, "board_secretariat_writes",
            sql.SQL("FOR ALL TO {} USING (true) WITH CHECK (true)").format(group[Role.SECRETARIAT]),
        )
    # Links: seen only where the person may see both ends (an observer sees no link of an
    # exempt action or requirement); written, as the plan is, only by the secretariat.
    for link in tables.LINKS.values():
        connection.execute(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(sql.Identifier(link.name)))
        ends = [
            sql.SQL("EXISTS (SELECT 1 FROM {} x WHERE x.id = {}.{})").format(
                sql.Identifier(table), sql.Identifier(link.name), sql.Identifier(column)
            )
            for table, column in ((link.owner_table, link.owner_column), (link.other_table, link.other_column))
            if table in EXEMPT_FILTERED
        ]
        _policy(
            connection, link.name, "board_read",
            sql.SQL("FOR SELECT USING ({})").format(sql.SQL(" AND ").join(ends) if ends else sql.SQL("true")),
        )
        _policy(
            connection, link.name, "board_secretariat_writes",
            sql.SQL("FOR ALL TO {} USING (true) WITH CHECK (true)").format(group[Role.SECRETARIAT]),
        )
    # A member or the chair writes notes only as themselves; the secretariat also enters
    # notes that reached it as change files, in their authors' names.
    _policy(
        connection, "annotation", "board_own_notes",
        sql.SQL(
            "FOR INSERT TO {} WITH CHECK (author_id = board_member_id() AND author_name = board_member_name())"
        ).format(member_or_chair),
    )
    _policy(
        connection, "annotation", "board_relayed_notes",
        sql.SQL("FOR INSERT TO {} WITH CHECK (true)").format(group[Role.SECRETARIAT]),
    )
    _policy(
        connection, "annotation", "board_answers",
        sql.SQL("FOR UPDATE TO {} USING (true) WITH CHECK (true)").format(answerers),
    )
    _policy(connection, "sync_conflict", "board_read", sql.SQL("FOR SELECT TO {} USING (true)").format(answerers))
    _policy(
        connection, "sync_conflict", "board_record",
        sql.SQL("FOR INSERT TO {} WITH CHECK (true)").format(answerers),
    )
    _policy(
        connection, "sync_conflict", "board_resolve",
        sql.SQL("FOR UPDATE TO {} USING (true) WITH CHECK (true)").format(group[Role.SECRETARIAT]),
    )
    _policy(connection, "sync_operation", "board_own", sql.SQL("USING (login = session_user) WITH CHECK (login = session_user)"))
    history_policies(connection, group)


def _feed_rule() -> sql.Composable:
    """Whether the person may see one ``sync_change`` entry (see _policies)."""
    checked = {name: name for name in ("requirement", "action", "annotation", "milestone", "revision")}
    checked.update({link.name: link.owner_table for link in tables.LINKS.values() if link.owner_table in checked})
    cases = [
        sql.SQL("WHEN table_name = {} THEN EXISTS (SELECT 1 FROM {} x WHERE x.uuid = sync_change.row_uuid)").format(
            sql.Literal(entry), sql.Identifier(table)
        )
        for entry, table in sorted(checked.items())
    ]
    # (SELECT f()): asked once per query, not once per row.
    return sql.SQL("(SELECT board_sees_exempt()) OR CASE WHEN deleted THEN NOT exempt {} ELSE true END").format(
        sql.SQL(" ").join(cases)
    )


def _member_groups_trigger(connection: psycopg.Connection, roles: BoardRoles) -> None:
    """A member's login is in the group of the member's role, and in none once the member
    is withdrawn: however the row changed (`server add-member`, `server remove-member`, or
    the secretariat's laptop), the server's rights follow it."""
    groups = sql.SQL(", ").join(sql.Literal(g) for g in roles.groups)
    connection.execute(
        sql.SQL(
            """
CREATE OR REPLACE FUNCTION board_member_groups() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
    g text;
BEGIN
    IF NEW.login IS NULL OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = NEW.login) THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.role IS NOT DISTINCT FROM NEW.role AND OLD.withdrawn IS NOT DISTINCT FROM NEW.withdrawn
       AND OLD.login IS NOT DISTINCT FROM NEW.login THEN
        RETURN NULL;
    END IF;
    FOREACH g IN ARRAY ARRAY[{groups}] LOOP
        EXECUTE format('REVOKE %I FROM %I', g, NEW.login);
    END LOOP;
    IF NOT NEW.withdrawn THEN
        EXECUTE format('GRANT %I TO %I', {prefix} || '_' || NEW.role, NEW.login);
    END IF;
    RETURN NULL;
END $fn$;
DROP TRIGGER IF EXISTS board_member_groups ON member;
CREATE TRIGGER board_member_groups AFTER INSERT OR UPDATE ON member
    FOR EACH ROW EXECUTE FUNCTION board_member_groups();
"""
        ).format(groups=groups, prefix=sql.Literal(roles.prefix))
    )


# --- server add-member -----------------------------------------------------------------


@dataclass(frozen=True)
class NewMember:
    name: str
    role: Role
    login: str
    password: str | None  # set only when the password was made here, to be handed over once


def add_member(
    address: ServerAddress, admin_password: str | None, name: str, role: Role, password: str | None = None
) -> NewMember:
    """Give ``name`` their own login in ``role``'s group (or move them to ``role``).

    ``password`` None: one is made and returned, to be handed to the person once. The
    server is sent only its SCRAM verifier, never the password itself.
    """
    name = name.strip()
    if not name:
        raise SyncError("a member needs a name")
    roles = BoardRoles.of(address.database)
    made = password is None
    password = password or secrets.token_urlsafe(15)
    with connect(address, admin_password) as connection, connection.transaction():
        existing = connection.execute("SELECT login FROM member WHERE name = %s", [name]).fetchone()
        login = existing[0] if existing and existing[0] else _free_login(connection, roles, name)
        verifier = sql.Literal(scram_verifier(password))
        if _role_exists(connection, login):
            connection.execute(sql.SQL("ALTER ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(login), verifier))
        else:
            connection.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(login), verifier))
        for other in roles.groups:
            connection.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(other), sql.Identifier(login)))
        connection.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(roles.group(role)), sql.Identifier(login)))
        connection.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(roles.people), sql.Identifier(login)))
        now = datetime.now(UTC).replace(tzinfo=None)
        if existing:
            connection.execute(
                "UPDATE member SET role = %s, login = %s, withdrawn = false, updated_at = %s WHERE name = %s",
                [role.value, login, now, name],
            )
        else:
            connection.execute(
                "INSERT INTO member (uuid, name, role, source, login, created_at, updated_at)"
                " VALUES (%s, %s, %s, 'boardapp server add-member', %s, %s, %s)",
                [uuid.uuid4(), name, role.value, login, now, now],
            )
    return NewMember(name, role, login, password if made else None)


def remove_member(address: ServerAddress, admin_password: str | None, name: str) -> str:
    """Withdraw ``name`` from the board: their login loses its role's group (it can still
    log in, and reads nothing but who it is, so their laptop learns it is withdrawn and
    empties itself); the member row stays, withdrawn, so notes keep their author.
    Returns the login (or "" for a member who had none)."""
    roles = BoardRoles.of(address.database)
    with connect(address, admin_password) as connection, connection.transaction():
        found = connection.execute("SELECT login, withdrawn FROM member WHERE name = %s", [name.strip()]).fetchone()
        if found is None:
            raise SyncError(f"{name.strip()!r}: no member of this board has that name")
        login = found[0] or ""
        now = datetime.now(UTC).replace(tzinfo=None)
        connection.execute("UPDATE member SET withdrawn = true, updated_at = %s WHERE name = %s", [now, name.strip()])
        if login and _role_exists(connection, login):
            for group in roles.groups:
                connection.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), sql.Identifier(login)))
    return login


def _free_login(connection: psycopg.Connection, roles: BoardRoles, name: str) -> str:
    base = roles.login_for(name)
    login, n = base, 1
    while login in (*roles.groups, roles.people) or _role_exists(connection, login):
        n += 1
        login = f"{base[:60]}_{n}"
    return login


def scram_verifier(password: str, salt: bytes | None = None, iterations: int = SCRAM_ITERATIONS) -> str:
    """PostgreSQL's SCRAM-SHA-256 verifier of ``password`` (RFC 5802/7677), as ``\\password`` sends it."""
    salt = salt or secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()
    b64 = base64.b64encode
    return (
        f"SCRAM-SHA-256${iterations}:{b64(salt).decode()}"
        f"${b64(stored_key).decode()}:{b64(server_key).decode()}"
    )


def prune_tombstones(address: ServerAddress, password: str | None, days: int) -> int:
    """Forget deletions older than ``days``; returns the new horizon (see download.py)."""
    with connect(address, password) as connection, connection.transaction():
        row = connection.execute("SELECT board_prune_tombstones(make_interval(days => %s))", [days]).fetchone()
    return int(row[0]) if row else 0
