"""The board server's own machinery, in PostgreSQL's SQL: change sequence, operation
ledger, tracking and audit triggers, the audit chain, and the helper functions the
row-level policies call. Every statement can run again (``server init`` re-applies it,
after migrating an existing server's schema to this app's)."""

from __future__ import annotations

from boardapp.store.sync.server_track_sql import track_inserts, track_triggers

ORDER_LOCK = "hashtext('boardapp sync order')"

# Tables only a board server has (not in the models, not in the Alembic ladder).
SERVER_TABLES = ("sync_change", "sync_operation", "sync_meta")

MACHINERY = f"""
CREATE SEQUENCE IF NOT EXISTS sync_change_order;

CREATE TABLE IF NOT EXISTS sync_change (
    table_name text NOT NULL,
    row_uuid uuid NOT NULL,
    seq bigint NOT NULL,
    deleted boolean NOT NULL DEFAULT false,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (table_name, row_uuid)
);
CREATE INDEX IF NOT EXISTS sync_change_by_seq ON sync_change (seq);

CREATE TABLE IF NOT EXISTS sync_operation (
    op_id uuid PRIMARY KEY,
    device_id uuid NOT NULL,
    device_seq bigint NOT NULL,
    login text NOT NULL DEFAULT session_user,
    applied_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE sync_change ADD COLUMN IF NOT EXISTS exempt boolean NOT NULL DEFAULT false;

CREATE TABLE IF NOT EXISTS sync_meta (key text PRIMARY KEY, value text NOT NULL);
INSERT INTO sync_meta VALUES ('horizon', '0') ON CONFLICT DO NOTHING;
INSERT INTO sync_meta VALUES ('exempt_horizon', '0') ON CONFLICT DO NOTHING;
INSERT INTO sync_meta VALUES ('board_id', gen_random_uuid()::text) ON CONFLICT DO NOTHING;

CREATE OR REPLACE FUNCTION board_member_id() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT id FROM member WHERE login = session_user $$;

CREATE OR REPLACE FUNCTION board_member_name() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT name FROM member WHERE login = session_user $$;

CREATE OR REPLACE FUNCTION board_role() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT role FROM member WHERE login = session_user $$;

CREATE OR REPLACE FUNCTION board_sees_exempt() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT coalesce((SELECT role IN ('member', 'chair', 'secretariat') AND NOT withdrawn FROM member
                       WHERE login = session_user), false) $$;

-- Who this login is: the one member row whose login it is (none for IT's logins). The
-- only thing a withdrawn member's login may still read, so its laptop learns it.
DROP FUNCTION IF EXISTS board_whoami();
CREATE FUNCTION board_whoami() RETURNS TABLE (member_uuid uuid, name text, role text, withdrawn boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT uuid, name::text, role::text, withdrawn FROM member WHERE login = session_user $$;

-- Whether an annotated item (by kind and uuid) is exempt, whoever asks (policies call it).
-- The rule itself is in board_exempt_item_of, which a statement running as the server's
-- owner (board_track_inserts) folds into its own plan: no call per row.
CREATE OR REPLACE FUNCTION board_exempt_item_of(kind text, item uuid) RETURNS boolean
LANGUAGE sql STABLE
AS $$ SELECT CASE kind
    WHEN 'requirement' THEN coalesce((SELECT exempt FROM public.requirement WHERE uuid = item), false)
    WHEN 'action' THEN coalesce((SELECT exempt FROM public.action WHERE uuid = item), false)
    ELSE false END $$;

CREATE OR REPLACE FUNCTION board_exempt_item(kind text, item uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT board_exempt_item_of(kind, item) $$;

-- Whether a row (as jsonb) is exempt, by itself or through its parent: what the change
-- feed keeps of a deleted row, so its tombstone reaches only those who could read it.
-- A milestone whose action has gone already (a cascade) counts as exempt: the action's
-- own tombstone removes it on every copy. (The rule: board_row_exempt_of, as above.)
CREATE OR REPLACE FUNCTION board_row_exempt_of(tab text, r jsonb) RETURNS boolean
LANGUAGE sql STABLE
AS $$ SELECT CASE tab
    WHEN 'requirement' THEN coalesce((r->>'exempt')::boolean, false)
    WHEN 'action' THEN coalesce((r->>'exempt')::boolean, false)
    WHEN 'annotation' THEN coalesce((r->>'exempt')::boolean, false)
                           OR public.board_exempt_item_of(r->>'target_kind', (r->>'target_uuid')::uuid)
    WHEN 'milestone' THEN coalesce((SELECT exempt FROM public.action WHERE id = (r->>'action_id')::integer), true)
    ELSE false END $$;

CREATE OR REPLACE FUNCTION board_row_exempt(tab text, r jsonb) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT board_row_exempt_of(tab, r) $$;

-- The newest change number of all (hidden ones too): where a full download stands.
CREATE OR REPLACE FUNCTION board_newest_change() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT coalesce(max(seq), 0) FROM sync_change $$;

-- The horizon for this login: a copy that last synced before it downloads everything.
-- For those who may not read exempt items it includes the last time an item became
-- exempt (or stopped being): their copies then download what they may read afresh,
-- and lose what they may no longer, without the feed naming a hidden row.
CREATE OR REPLACE FUNCTION board_horizon() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT greatest(
    coalesce((SELECT value::bigint FROM sync_meta WHERE key = 'horizon'), 0),
    CASE WHEN board_sees_exempt() THEN 0
         ELSE coalesce((SELECT value::bigint FROM sync_meta WHERE key = 'exempt_horizon'), 0) END) $$;

-- Every change of a tracked row: its place in the server's order (under one lock, so
-- the order is the order of commits) and an audit entry. Link tables name their owner.
CREATE OR REPLACE FUNCTION board_track() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    r jsonb;
    old_r jsonb;
    key uuid;
    gone boolean := false;
    changes jsonb := '{{}}'::jsonb;
    col text;
    hidden boolean;
    order_no bigint;
BEGIN
    PERFORM pg_advisory_xact_lock({ORDER_LOCK});
    IF TG_OP = 'DELETE' THEN r := to_jsonb(OLD); ELSE r := to_jsonb(NEW); END IF;
    IF TG_NARGS = 0 THEN
        key := (r->>'uuid')::uuid;
        gone := TG_OP = 'DELETE';
    ELSE
        EXECUTE format('SELECT uuid FROM %I WHERE id = $1', TG_ARGV[1]) INTO key USING (r->>TG_ARGV[0])::integer;
        IF key IS NULL THEN RETURN NULL; END IF;  -- the owner went too: its own tombstone says so
    END IF;
    hidden := TG_NARGS = 0 AND board_row_exempt(TG_TABLE_NAME, r);
    INSERT INTO sync_change (table_name, row_uuid, seq, deleted, changed_at, exempt)
    VALUES (TG_TABLE_NAME, key, nextval('sync_change_order'), gone, now(), hidden)
    ON CONFLICT (table_name, row_uuid)
    DO UPDATE SET seq = EXCLUDED.seq, deleted = EXCLUDED.deleted, changed_at = EXCLUDED.changed_at,
                  exempt = EXCLUDED.exempt
    RETURNING seq INTO order_no;
    IF TG_OP = 'UPDATE' THEN
        old_r := to_jsonb(OLD);
        IF TG_NARGS = 0 AND board_row_exempt(TG_TABLE_NAME, old_r) IS DISTINCT FROM hidden THEN
            -- Who may not read exempt items now reads a different set: their copies start again.
            UPDATE sync_meta m SET value = greatest(m.value::bigint, order_no)::text WHERE m.key = 'exempt_horizon';
        END IF;
        FOR col IN SELECT jsonb_object_keys(r) LOOP
            IF col NOT IN ('updated_at') AND (old_r->col) IS DISTINCT FROM (r->col) THEN
                changes := changes || jsonb_build_object(col, jsonb_build_array(old_r->col, r->col));
            END IF;
        END LOOP;
    ELSIF TG_OP = 'INSERT' THEN
        changes := r - 'id' - 'created_at' - 'updated_at';
    END IF;
    INSERT INTO audit_log (uuid, at, actor, table_name, row_uuid, operation, changes)
    VALUES (gen_random_uuid(), now() AT TIME ZONE 'UTC', coalesce(board_member_name(), session_user::text),
            TG_TABLE_NAME, key, lower(TG_OP), changes::text);
    RETURN NULL;
END $$;

-- The audit log is a chain: each entry's hash covers the one before it.
CREATE OR REPLACE FUNCTION board_audit_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    prev text;
BEGIN
    PERFORM pg_advisory_xact_lock({ORDER_LOCK});
    SELECT hash INTO prev FROM audit_log WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1;
    NEW.at := now() AT TIME ZONE 'UTC';
    NEW.prev_hash := prev;
    NEW.hash := board_audit_hash(prev, NEW.id, NEW.uuid, NEW.at, NEW.actor, NEW.table_name,
                                 NEW.row_uuid, NEW.operation, NEW.changes);
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION board_audit_hash(prev text, id integer, entry uuid, at timestamp, actor text,
                                            table_name text, row_uuid uuid, operation text, changes text)
RETURNS text LANGUAGE sql IMMUTABLE
AS $$ SELECT encode(sha256(convert_to(concat_ws('|', coalesce(prev, ''), id::text, entry::text,
          to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.US'), actor, table_name, coalesce(row_uuid::text, ''),
          operation, changes), 'UTF8')), 'hex') $$;

CREATE OR REPLACE FUNCTION board_audit_is_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

DROP TRIGGER IF EXISTS board_audit_chain ON audit_log;
CREATE TRIGGER board_audit_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION board_audit_chain();
DROP TRIGGER IF EXISTS board_audit_no_change ON audit_log;
CREATE TRIGGER board_audit_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION board_audit_is_append_only();
DROP TRIGGER IF EXISTS board_audit_no_truncate ON audit_log;
CREATE TRIGGER board_audit_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION board_audit_is_append_only();

-- History is append-only as well: a revision, once written, stands (no grant allows
-- UPDATE or DELETE on it either; this refuses them even for the table's owner).
CREATE OR REPLACE FUNCTION board_is_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
DROP TRIGGER IF EXISTS board_revision_no_change ON revision;
CREATE TRIGGER board_revision_no_change BEFORE UPDATE OR DELETE ON revision
    FOR EACH ROW EXECUTE FUNCTION board_is_append_only();
DROP TRIGGER IF EXISTS board_revision_no_truncate ON revision;
CREATE TRIGGER board_revision_no_truncate BEFORE TRUNCATE ON revision
    FOR EACH STATEMENT EXECUTE FUNCTION board_is_append_only();

-- A conflict's place in the server's order and its later editor are the server's word.
CREATE OR REPLACE FUNCTION board_conflict_stamp() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    PERFORM pg_advisory_xact_lock({ORDER_LOCK});
    NEW.server_order := nextval('sync_change_order');
    NEW.incoming_by := coalesce(board_member_name(), session_user::text);
    NEW.created_at := now() AT TIME ZONE 'UTC';
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS board_conflict_stamp ON sync_conflict;
CREATE TRIGGER board_conflict_stamp BEFORE INSERT ON sync_conflict
    FOR EACH ROW EXECUTE FUNCTION board_conflict_stamp();

-- Tombstones older than the horizon are forgotten; a copy that last synced before the
-- newest forgotten one must download everything again.
CREATE OR REPLACE FUNCTION board_prune_tombstones(keep interval) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    newest bigint;
BEGIN
    PERFORM pg_advisory_xact_lock({ORDER_LOCK});
    WITH gone AS (DELETE FROM sync_change WHERE deleted AND changed_at < now() - keep RETURNING seq)
    SELECT max(seq) INTO newest FROM gone;
    IF newest IS NOT NULL THEN
        UPDATE sync_meta SET value = greatest(value::bigint, newest)::text WHERE key = 'horizon';
    END IF;
    RETURN (SELECT value::bigint FROM sync_meta WHERE key = 'horizon');
END $$;
""" + track_inserts(ORDER_LOCK)


def track_trigger(table: str, owner_column: str | None = None, owner_table: str | None = None) -> str:
    """DDL for the tracking trigger of one table (its name is quoted by the caller's checks).
    A row table's new rows are tracked a statement at a time (server_track_sql.py)."""
    if owner_column is None:
        return track_triggers(table)
    args = "" if owner_column is None else f"'{owner_column}', '{owner_table}'"
    return (
        f'DROP TRIGGER IF EXISTS board_track ON "{table}";\n'
        f'CREATE TRIGGER board_track AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
        f"FOR EACH ROW EXECUTE FUNCTION board_track({args});\n"
    )
