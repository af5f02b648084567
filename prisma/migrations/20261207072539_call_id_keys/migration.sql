-- Every per-call table keyed by (call_id, id), so that the tables can be
-- distributed by call id (README, "Distributed Postgres"): a distributed
-- table's primary and unique keys, and a foreign key between two of them,
-- must hold the distribution column.
--
-- Online on a large database: each statement runs on its own (lib/db/migrate.ts
-- splits the script), so the new unique indexes are built CONCURRENTLY while
-- writes go on, and the swaps that follow hold their exclusive locks only to
-- change the catalog: ADD PRIMARY KEY USING INDEX reuses a built index, and
-- the new foreign key is checked afterwards by VALIDATE, which blocks no
-- writer.

CREATE UNIQUE INDEX CONCURRENTLY "turns_call_id_id_key" ON "turns"("call_id", "id");
CREATE UNIQUE INDEX CONCURRENTLY "tool_calls_call_id_id_key" ON "tool_calls"("call_id", "id");
CREATE UNIQUE INDEX CONCURRENTLY "tool_calls_call_id_turn_id_position_key" ON "tool_calls"("call_id", "turn_id", "position");
CREATE UNIQUE INDEX CONCURRENTLY "call_events_call_id_id_key" ON "call_events"("call_id", "id");
CREATE UNIQUE INDEX CONCURRENTLY "kept_turn_latency_call_id_id_key" ON "kept_turn_latency"("call_id", "id");
CREATE UNIQUE INDEX CONCURRENTLY "evaluation_results_call_id_id_key" ON "evaluation_results"("call_id", "id");

-- The swaps. Each takes its exclusive locks up front, in the order writers
-- take them (turns before tool_calls, as a call's cascade and ingest do), and
-- waits for them at most 200 ms, less than the deadlock timeout: a writer
-- never waits long behind it, never loses a deadlock to it, and the swap
-- tries again until it gets a quiet moment.
--
-- A tool call's turn by (call_id, turn_id): the old key on turns.id alone is
-- what the old foreign key hangs on, so both change together. The new
-- reference holds for rows written from here on; the rows already stored are
-- checked below.
DO $$
BEGIN
  PERFORM set_config('lock_timeout', '200ms', true);
  FOR attempt IN 1..6000 LOOP
    BEGIN
      LOCK TABLE "turns", "tool_calls" IN ACCESS EXCLUSIVE MODE;
      ALTER TABLE "tool_calls" ADD CONSTRAINT "tool_calls_call_id_turn_id_fkey" FOREIGN KEY ("call_id", "turn_id") REFERENCES "turns"("call_id", "id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;
      ALTER TABLE "tool_calls" DROP CONSTRAINT "tool_calls_turn_id_fkey";
      ALTER TABLE "turns" DROP CONSTRAINT "turns_pkey", ADD CONSTRAINT "turns_pkey" PRIMARY KEY USING INDEX "turns_call_id_id_key";
      ALTER TABLE "tool_calls" DROP CONSTRAINT "tool_calls_pkey", ADD CONSTRAINT "tool_calls_pkey" PRIMARY KEY USING INDEX "tool_calls_call_id_id_key";
      DROP INDEX "tool_calls_turn_id_position_key";
      RETURN;
    EXCEPTION WHEN lock_not_available OR deadlock_detected THEN
      PERFORM pg_sleep(0.05);
    END;
  END LOOP;
  RAISE EXCEPTION 'turns and tool_calls were never free for long enough to change their keys';
END $$;

DO $$
DECLARE
  t text;
BEGIN
  PERFORM set_config('lock_timeout', '200ms', true);
  FOREACH t IN ARRAY ARRAY['call_events', 'kept_turn_latency', 'evaluation_results'] LOOP
    FOR attempt IN 1..6001 LOOP
      IF attempt > 6000 THEN
        RAISE EXCEPTION '% was never free for long enough to change its key', t;
      END IF;
      BEGIN
        EXECUTE format('LOCK TABLE %I IN ACCESS EXCLUSIVE MODE', t);
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I, ADD CONSTRAINT %I PRIMARY KEY USING INDEX %I', t, t || '_pkey', t || '_pkey', t || '_call_id_id_key');
        EXIT;
      EXCEPTION WHEN lock_not_available OR deadlock_detected THEN
        PERFORM pg_sleep(0.05);
      END;
    END LOOP;
  END LOOP;
END $$;

ALTER TABLE "tool_calls" VALIDATE CONSTRAINT "tool_calls_call_id_turn_id_fkey";

-- Led by call_id, the new primary keys serve what these served.
DROP INDEX CONCURRENTLY "tool_calls_call_id_idx";
DROP INDEX CONCURRENTLY "kept_turn_latency_call_id_idx";
DROP INDEX CONCURRENTLY "evaluation_results_call_id_idx";
