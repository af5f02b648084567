-- One transaction: the table, its triggers and the counts of the calls already
-- stored, taken while no writer can change calls (SHARE ROW EXCLUSIVE, the
-- lock CREATE TRIGGER takes anyway; reads go on). A write committed before
-- the lock is in the backfill, one after it goes through the triggers: none is
-- lost or counted twice.
BEGIN;

-- CreateTable
CREATE TABLE "call_status_counts" (
    "id" BIGSERIAL NOT NULL,
    "agent_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "n" BIGINT NOT NULL,

    CONSTRAINT "call_status_counts_pkey" PRIMARY KEY ("id")
);

LOCK TABLE calls IN SHARE ROW EXCLUSIVE MODE;

-- Each statement that adds, changes or deletes calls appends one row per
-- agent and status it moved calls into (n > 0) or out of (n < 0). Rows only
-- ever appended: concurrent writers never wait on one another's counts.
CREATE FUNCTION call_status_counts_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO call_status_counts (agent_id, status, n)
  SELECT coalesce(agent_id, ''), status, TG_ARGV[0]::int * count(*) FROM changed_calls GROUP BY 1, 2;
  RETURN NULL;
END $$;

CREATE TRIGGER call_status_counts_inserted AFTER INSERT ON calls REFERENCING NEW TABLE AS changed_calls
  FOR EACH STATEMENT EXECUTE FUNCTION call_status_counts_note(1);
CREATE TRIGGER call_status_counts_deleted AFTER DELETE ON calls REFERENCING OLD TABLE AS changed_calls
  FOR EACH STATEMENT EXECUTE FUNCTION call_status_counts_note('-1');

-- An update counts only what moved: the rows before (-1) and after (+1),
-- summed per agent and status, so a statement that leaves both alone (most
-- do: a transcript, a summary, the lock of lockAndLoad) appends nothing.
-- Transition tables cannot go with a column list (UPDATE OF status), hence
-- the sum.
CREATE FUNCTION call_status_counts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO call_status_counts (agent_id, status, n)
  SELECT agent_id, status, sum(n) FROM (
    SELECT coalesce(agent_id, '') AS agent_id, status, -1 AS n FROM old_calls
    UNION ALL
    SELECT coalesce(agent_id, ''), status, 1 FROM new_calls
  ) moved
  GROUP BY 1, 2 HAVING sum(n) <> 0;
  RETURN NULL;
END $$;

CREATE TRIGGER call_status_counts_updated AFTER UPDATE ON calls REFERENCING OLD TABLE AS old_calls NEW TABLE AS new_calls
  FOR EACH STATEMENT EXECUTE FUNCTION call_status_counts_updated();

-- TRUNCATE fires no delete trigger: it empties the counts with the calls.
CREATE FUNCTION call_status_counts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM call_status_counts;
  RETURN NULL;
END $$;

CREATE TRIGGER call_status_counts_truncated AFTER TRUNCATE ON calls
  FOR EACH STATEMENT EXECUTE FUNCTION call_status_counts_truncated();

-- The calls already stored.
INSERT INTO call_status_counts (agent_id, status, n) SELECT coalesce(agent_id, ''), status, count(*) FROM calls GROUP BY 1, 2;

COMMIT;
