"""Tracking new rows on the board server a statement at a time (PostgreSQL's SQL).

``board_track`` (server_sql.py) gives every change of a tracked row its place in the
server's order and an audit entry, one row at a time. For new rows of a row table that
work is done once per statement instead, over the rows the statement inserted (a
transition table), so a sync that sends 5,000 notes in one statement pays for one
trigger call, not 5,000. What it writes is what ``board_track`` writes for an insert,
row for row in the order the statement inserted them: the change entry (its number
taken from the same sequence, under the same lock; hidden where the row is exempt) and
the audit entry (the row less its id and moments, by the same actor), each audit entry
chained to the one before it by the audit log's own trigger, as ever. Updates, deletes
and link tables keep the row trigger.
"""

from __future__ import annotations


def track_inserts(order_lock: str) -> str:
    """The statement trigger's function; ``order_lock`` is the key of the lock that puts
    every change in the server's order (server_sql.py)."""
    return f"""
CREATE OR REPLACE FUNCTION board_track_inserts() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    actor text := coalesce(board_member_name(), session_user::text);
BEGIN
    IF NOT EXISTS (SELECT 1 FROM board_fresh) THEN
        RETURN NULL;  -- nothing new (a retry whose rows are there already): no place in the order taken
    END IF;
    PERFORM pg_advisory_xact_lock({order_lock});
    -- A scan of the statement's new rows reads them in the order they were inserted.
    INSERT INTO sync_change (table_name, row_uuid, seq, deleted, changed_at, exempt)
    -- (The row as jsonb made once, in a subquery kept apart, so the exemption rule can fold into this plan.)
    SELECT TG_TABLE_NAME, f.uuid, nextval('sync_change_order'), false, now(), board_row_exempt_of(TG_TABLE_NAME, f.r)
    FROM (SELECT n.uuid, to_jsonb(n) AS r FROM board_fresh n OFFSET 0) f
    ON CONFLICT (table_name, row_uuid)
    DO UPDATE SET seq = EXCLUDED.seq, deleted = EXCLUDED.deleted, changed_at = EXCLUDED.changed_at,
                  exempt = EXCLUDED.exempt;
    INSERT INTO audit_log (uuid, at, actor, table_name, row_uuid, operation, changes)
    SELECT gen_random_uuid(), now() AT TIME ZONE 'UTC', actor, TG_TABLE_NAME, f.uuid, 'insert',
           (to_jsonb(f) - 'id' - 'created_at' - 'updated_at')::text
    FROM board_fresh f;
    RETURN NULL;
END $$;
"""


def track_triggers(table: str) -> str:
    """DDL for the tracking triggers of one row table: inserts a statement at a time,
    updates and deletes a row at a time (its name is quoted by the caller's checks)."""
    return (
        f'DROP TRIGGER IF EXISTS board_track ON "{table}";\n'
        f'CREATE TRIGGER board_track AFTER UPDATE OR DELETE ON "{table}" '
        "FOR EACH ROW EXECUTE FUNCTION board_track();\n"
        f'DROP TRIGGER IF EXISTS board_track_inserts ON "{table}";\n'
        f'CREATE TRIGGER board_track_inserts AFTER INSERT ON "{table}" '
        "REFERENCING NEW TABLE AS board_fresh FOR EACH STATEMENT EXECUTE FUNCTION board_track_inserts();\n"
    )
