-- resumable
--
-- Turns, tool calls, events, kept latency values and response gaps
-- partitioned by the month of their call (README, "Monthly partitions"), so
-- that retention drops a month whole instead of deleting its rows.
--
-- `call_month` is the month a call was first stored in, fixed for good: every
-- row of a call lies in one partition, and every unique key holds
-- call_month, so a key stays unique across partitions. What was stored before
-- this migration gets call_month 1970-01-01 and becomes the partition of that
-- month as it is, without a copy: each table is attached to a new partitioned
-- table of its name.
--
-- Online and resumable: each statement runs on its own (lib/db/migrate.ts
-- splits the script) and each can run again after a kill, so a second start
-- carries on where the first stopped (migrate.ts rolls back the record of a
-- failed "resumable" migration). Indexes are built CONCURRENTLY and checks
-- validated while writes go on; the statements that change the catalog hold
-- their locks for milliseconds, taking them at most 200 ms at a time (less
-- than the deadlock timeout) and trying again until a quiet moment.
--
-- Instances of the previous version keep writing until the last step, which
-- moves their rows' default away: from then on only instances that name
-- call_month can write turns, tool calls and events.

-- Runs `statements` with its locks taken at most 200 ms at a time, again until they are free.
CREATE OR REPLACE FUNCTION callscope_with_short_locks(statements text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('lock_timeout', '200ms', true);
  FOR attempt IN 1..6000 LOOP
    BEGIN
      EXECUTE statements;
      RETURN;
    EXCEPTION WHEN lock_not_available OR deadlock_detected THEN
      PERFORM pg_sleep(0.05);
    END;
  END LOOP;
  RAISE EXCEPTION 'never free for long enough: %', statements;
END $$;

-- An index a killed CREATE INDEX CONCURRENTLY left invalid is dropped, so that the build below starts again.
CREATE OR REPLACE FUNCTION callscope_drop_invalid_index(name text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(name) AND NOT indisvalid) THEN
    PERFORM callscope_with_short_locks(format('DROP INDEX %I', name));
  END IF;
END $$;

-- Whether `t` is already partitioned: the steps on the old table are skipped when it is.
CREATE OR REPLACE FUNCTION callscope_is_partitioned(t text) RETURNS boolean LANGUAGE sql AS $$
  SELECT relkind = 'p' FROM pg_class WHERE oid = to_regclass(t)
$$;

-- 1. The month column. A constant default is stored once, not written into each row.
SELECT callscope_with_short_locks('ALTER TABLE calls ADD COLUMN IF NOT EXISTS call_month date NOT NULL DEFAULT ''1970-01-01''');
SELECT callscope_with_short_locks(format('ALTER TABLE %I ADD COLUMN IF NOT EXISTS call_month date NOT NULL DEFAULT ''1970-01-01''', t))
  FROM unnest(array['turns', 'tool_calls', 'call_events', 'kept_turn_latency', 'response_gaps']) t;

-- Retention asks whether a month still holds a call to keep.
SELECT callscope_drop_invalid_index('calls_call_month_sort_time_idx');
CREATE INDEX CONCURRENTLY IF NOT EXISTS "calls_call_month_sort_time_idx" ON "calls"("call_month", "sort_time");

-- 2. Each unique key again with call_month, built beside the old one, under the name it has in the 1970-01 partition.
SELECT callscope_drop_invalid_index(i) FROM unnest(array[
  'turns_y1970m01_pkey', 'turns_y1970m01_call_id_role_start_ms_call_month_key',
  'tool_calls_y1970m01_pkey', 'tool_calls_y1970m01_call_id_turn_id_position_call_month_key',
  'tool_calls_y1970m01_call_id_call_external_id_call_month_key', 'tool_calls_y1970m01_call_id_return_external_id_call_month_key',
  'call_events_y1970m01_pkey', 'call_events_y1970m01_call_id_external_id_call_month_key',
  'kept_turn_latency_y1970m01_pkey', 'response_gaps_y1970m01_pkey']) i;
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "turns_y1970m01_pkey" ON "turns"("call_id", "id", "call_month");
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "turns_y1970m01_call_id_role_start_ms_call_month_key" ON "turns"("call_id", "role", "start_ms", "call_month");
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "tool_calls_y1970m01_pkey" ON "tool_calls"("call_id", "id", "call_month");
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "tool_calls_y1970m01_call_id_turn_id_position_call_month_key" ON "tool_calls"("call_id", "turn_id", "position", "call_month");
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "tool_calls_y1970m01_call_id_call_external_id_call_month_key" ON "tool_calls"("call_id", "call_external_id", "call_month");
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "tool_calls_y1970m01_call_id_return_external_id_call_month_key" ON "tool_calls"("call_id", "return_external_id", "call_month");
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "call_events_y1970m01_pkey" ON "call_events"("call_id", "id", "call_month");
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "call_events_y1970m01_call_id_external_id_call_month_key" ON "call_events"("call_id", "external_id", "call_month");
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "kept_turn_latency_y1970m01_pkey" ON "kept_turn_latency"("call_id", "id", "call_month");
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "response_gaps_y1970m01_pkey" ON "response_gaps"("call_id", "turn_index", "call_month");

-- 3. A check that every stored row is of 1970-01, validated while writes go on, so that attaching the table as that month's partition reads no row.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['turns', 'tool_calls', 'call_events', 'kept_turn_latency', 'response_gaps'] LOOP
    IF NOT callscope_is_partitioned(t) AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = t::regclass AND conname = t || '_y1970m01_bounds') THEN
      PERFORM callscope_with_short_locks(format(
        'ALTER TABLE %I ADD CONSTRAINT %I CHECK (call_month >= ''1970-01-01'' AND call_month < ''1970-02-01'') NOT VALID', t, t || '_y1970m01_bounds'));
    END IF;
  END LOOP;
END $$;
ALTER TABLE "turns" VALIDATE CONSTRAINT "turns_y1970m01_bounds";
ALTER TABLE "tool_calls" VALIDATE CONSTRAINT "tool_calls_y1970m01_bounds";
ALTER TABLE "call_events" VALIDATE CONSTRAINT "call_events_y1970m01_bounds";
ALTER TABLE "kept_turn_latency" VALIDATE CONSTRAINT "kept_turn_latency_y1970m01_bounds";
ALTER TABLE "response_gaps" VALIDATE CONSTRAINT "response_gaps_y1970m01_bounds";

-- 4. The primary keys swapped to the new indexes, and the old unique keys dropped (their columns lead the new ones).
-- A tool call's turn is found by (call_id, turn_id, call_month); the rows already stored are checked below.
DO $$
BEGIN
  IF NOT callscope_is_partitioned('turns') AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'turns_y1970m01_pkey') THEN
    PERFORM callscope_with_short_locks($sql$
      LOCK TABLE turns, tool_calls IN ACCESS EXCLUSIVE MODE;
      ALTER TABLE tool_calls DROP CONSTRAINT IF EXISTS tool_calls_call_id_turn_id_fkey;
      ALTER TABLE turns DROP CONSTRAINT turns_pkey, ADD CONSTRAINT turns_y1970m01_pkey PRIMARY KEY USING INDEX turns_y1970m01_pkey;
      ALTER TABLE tool_calls ADD CONSTRAINT tool_calls_y1970m01_turn_fkey FOREIGN KEY (call_id, turn_id, call_month)
        REFERENCES turns (call_id, id, call_month) ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;
      DROP INDEX turns_call_id_role_start_ms_key;
    $sql$);
  END IF;
  IF NOT callscope_is_partitioned('tool_calls') AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'tool_calls_y1970m01_pkey') THEN
    PERFORM callscope_with_short_locks($sql$
      LOCK TABLE tool_calls IN ACCESS EXCLUSIVE MODE;
      ALTER TABLE tool_calls DROP CONSTRAINT tool_calls_pkey, ADD CONSTRAINT tool_calls_y1970m01_pkey PRIMARY KEY USING INDEX tool_calls_y1970m01_pkey;
      DROP INDEX tool_calls_call_id_turn_id_position_key, tool_calls_call_id_call_external_id_key, tool_calls_call_id_return_external_id_key;
    $sql$);
  END IF;
  IF NOT callscope_is_partitioned('call_events') AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'call_events_y1970m01_pkey') THEN
    PERFORM callscope_with_short_locks($sql$
      LOCK TABLE call_events IN ACCESS EXCLUSIVE MODE;
      ALTER TABLE call_events DROP CONSTRAINT call_events_pkey, ADD CONSTRAINT call_events_y1970m01_pkey PRIMARY KEY USING INDEX call_events_y1970m01_pkey;
      DROP INDEX call_events_call_id_external_id_key;
    $sql$);
  END IF;
  IF NOT callscope_is_partitioned('kept_turn_latency') AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'kept_turn_latency_y1970m01_pkey') THEN
    PERFORM callscope_with_short_locks($sql$
      LOCK TABLE kept_turn_latency IN ACCESS EXCLUSIVE MODE;
      ALTER TABLE kept_turn_latency DROP CONSTRAINT kept_turn_latency_pkey,
        ADD CONSTRAINT kept_turn_latency_y1970m01_pkey PRIMARY KEY USING INDEX kept_turn_latency_y1970m01_pkey;
    $sql$);
  END IF;
  IF NOT callscope_is_partitioned('response_gaps') AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'response_gaps_y1970m01_pkey') THEN
    PERFORM callscope_with_short_locks($sql$
      LOCK TABLE response_gaps IN ACCESS EXCLUSIVE MODE;
      ALTER TABLE response_gaps DROP CONSTRAINT response_gaps_pkey,
        ADD CONSTRAINT response_gaps_y1970m01_pkey PRIMARY KEY USING INDEX response_gaps_y1970m01_pkey;
    $sql$);
  END IF;
END $$;

-- 5. The partitioned tables, empty, with the keys, indexes and foreign keys each old table now has, under their final names.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['turns', 'tool_calls', 'call_events', 'kept_turn_latency', 'response_gaps'] LOOP
    IF NOT callscope_is_partitioned(t) AND to_regclass(t || '_partitioned') IS NULL THEN
      EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING STORAGE INCLUDING COMPRESSION) PARTITION BY RANGE (call_month)', t || '_partitioned', t);
    END IF;
    IF to_regclass(t || '_partitioned') IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = t || '_partitioned_call_id_fkey') THEN
      PERFORM callscope_with_short_locks(format(
        'ALTER TABLE %I ADD CONSTRAINT %I FOREIGN KEY (call_id) REFERENCES calls(id) ON DELETE CASCADE ON UPDATE CASCADE', t || '_partitioned', t || '_partitioned_call_id_fkey'));
    END IF;
  END LOOP;
END $$;
DO $$
BEGIN
  IF to_regclass('turns_partitioned') IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'turns_pkey') THEN
    ALTER TABLE turns_partitioned ADD CONSTRAINT turns_pkey PRIMARY KEY (call_id, id, call_month);
    CREATE UNIQUE INDEX turns_call_id_role_start_ms_call_month_key ON turns_partitioned (call_id, role, start_ms, call_month);
    CREATE INDEX turns_partitioned_call_id_start_s_idx ON turns_partitioned (call_id, start_s);
  END IF;
  IF to_regclass('tool_calls_partitioned') IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'tool_calls_pkey') THEN
    ALTER TABLE tool_calls_partitioned ADD CONSTRAINT tool_calls_pkey PRIMARY KEY (call_id, id, call_month);
    CREATE UNIQUE INDEX tool_calls_call_id_turn_id_position_call_month_key ON tool_calls_partitioned (call_id, turn_id, position, call_month);
    CREATE UNIQUE INDEX tool_calls_call_id_call_external_id_call_month_key ON tool_calls_partitioned (call_id, call_external_id, call_month);
    CREATE UNIQUE INDEX tool_calls_call_id_return_external_id_call_month_key ON tool_calls_partitioned (call_id, return_external_id, call_month);
  END IF;
  IF to_regclass('call_events_partitioned') IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'call_events_pkey') THEN
    ALTER TABLE call_events_partitioned ADD CONSTRAINT call_events_pkey PRIMARY KEY (call_id, id, call_month);
    CREATE UNIQUE INDEX call_events_call_id_external_id_call_month_key ON call_events_partitioned (call_id, external_id, call_month);
    CREATE INDEX call_events_partitioned_call_id_kind_id_idx ON call_events_partitioned (call_id, kind, id);
  END IF;
  IF to_regclass('kept_turn_latency_partitioned') IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'kept_turn_latency_pkey') THEN
    ALTER TABLE kept_turn_latency_partitioned ADD CONSTRAINT kept_turn_latency_pkey PRIMARY KEY (call_id, id, call_month);
  END IF;
  IF to_regclass('response_gaps_partitioned') IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'response_gaps_pkey') THEN
    ALTER TABLE response_gaps_partitioned ADD CONSTRAINT response_gaps_pkey PRIMARY KEY (call_id, turn_index, call_month);
  END IF;
END $$;

-- The partitions of this month and the next two, made before any table is swapped, so that a call stored
-- in this month (once calls' default moves to it, below) finds them; the worker keeps them ahead
-- (lib/db/month-partitions.ts).
-- The locks that making, detaching or dropping a partition takes, taken up front in the order writers take
-- them (calls, then a call's tables): taken one by one as each statement needs them, the change would hold
-- turns while waiting for calls, which a writer holds while waiting for turns.
CREATE OR REPLACE FUNCTION callscope_lock_for_partitioning() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE calls IN SHARE ROW EXCLUSIVE MODE;
  LOCK TABLE turns, tool_calls, call_events, kept_turn_latency, response_gaps IN ACCESS EXCLUSIVE MODE;
END $$;

-- `suffix` names the partitioned tables while they are made (below), before they take their tables' names.
CREATE OR REPLACE FUNCTION callscope_ensure_month_partitions(months_ahead int, suffix text DEFAULT '') RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  made int := 0;
  t text;
  month date;
  name text;
BEGIN
  FOR i IN 0..months_ahead LOOP
    month := (date_trunc('month', statement_timestamp() AT TIME ZONE 'UTC') + make_interval(months => i))::date;
    -- Referenced tables first: a month's tool calls point at its turns.
    FOREACH t IN ARRAY ARRAY['turns', 'tool_calls', 'call_events', 'kept_turn_latency', 'response_gaps'] LOOP
      name := format('%s_y%sm%s', t, to_char(month, 'YYYY'), to_char(month, 'MM'));
      IF to_regclass(name) IS NULL THEN
        IF made = 0 AND suffix = '' THEN
          PERFORM callscope_lock_for_partitioning();
        END IF;
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', name, t || suffix, month, (month + interval '1 month')::date);
        made := made + 1;
      END IF;
    END LOOP;
  END LOOP;
  RETURN made;
END $$;

DO $$
BEGIN
  IF to_regclass('turns_partitioned') IS NOT NULL THEN
    PERFORM callscope_with_short_locks('SELECT callscope_ensure_month_partitions(2, ''_partitioned'')');
  END IF;
END $$;

-- 6. Each old table attached as the partition of 1970-01 and renamed to it, the new table taking its name, its
-- statement triggers and its id sequence. Turns go first: tool calls then point at the partitioned turns.
CREATE OR REPLACE FUNCTION callscope_partition_swap(t text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  trigger record;
  index record;
  sequence text;
BEGIN
  IF callscope_is_partitioned(t) THEN
    RETURN;
  END IF;
  PERFORM set_config('lock_timeout', '200ms', true);
  FOR attempt IN 1..6001 LOOP
    IF attempt > 6000 THEN
      RAISE EXCEPTION '% was never free for long enough to become partitioned', t;
    END IF;
    BEGIN
      -- In the order writers take them: the tables it refers to (calls before turns) first, each of which
      -- attaching locks; else a writer holding calls and waiting for this table would block it every time.
      EXECUTE (SELECT 'LOCK TABLE ' || string_agg(format('%I', confrelid::regclass::text), ', ' ORDER BY confrelid::regclass::text <> 'calls', confrelid::regclass::text)
                      || ' IN SHARE ROW EXCLUSIVE MODE'
               FROM (SELECT DISTINCT confrelid FROM pg_constraint WHERE contype = 'f' AND conrelid IN (t::regclass, (t || '_partitioned')::regclass)) r);
      EXECUTE format('LOCK TABLE %I, %I IN ACCESS EXCLUSIVE MODE', t, t || '_partitioned');
      EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (''1970-01-01'') TO (''1970-02-01'')', t || '_partitioned', t);
      EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', t, t || '_y1970m01_bounds');
      -- Statement triggers fire for the table a statement names, which from now on is the partitioned one.
      FOR trigger IN SELECT tgname, pg_get_triggerdef(oid) AS definition FROM pg_trigger WHERE tgrelid = t::regclass AND NOT tgisinternal LOOP
        EXECUTE regexp_replace(trigger.definition, ' ON \S+ ', format(' ON %I ', t || '_partitioned'));
        EXECUTE format('DROP TRIGGER %I ON %I', trigger.tgname, t);
      END LOOP;
      sequence := (SELECT pg_get_serial_sequence(t, 'id') FROM pg_attribute WHERE attrelid = t::regclass AND attname = 'id');
      IF sequence IS NOT NULL THEN
        EXECUTE format('ALTER SEQUENCE %s OWNED BY %I.id', sequence, t || '_partitioned');
      END IF;
      EXECUTE format('ALTER TABLE %I RENAME TO %I', t, t || '_y1970m01');
      EXECUTE format('ALTER TABLE %I RENAME TO %I', t || '_partitioned', t);
      -- The plain indexes and the reference to calls under the names Prisma gives them, the old ones under their partition's.
      FOR index IN SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid = t::regclass AND NOT indisunique LOOP
        EXECUTE format('ALTER INDEX %I RENAME TO %I', replace(index.name, t || '_partitioned_', t || '_'), replace(index.name, '_partitioned_', '_y1970m01_'));
        EXECUTE format('ALTER INDEX %I RENAME TO %I', index.name, replace(index.name, '_partitioned_', '_'));
      END LOOP;
      EXECUTE format('ALTER TABLE %I RENAME CONSTRAINT %I TO %I', t, t || '_partitioned_call_id_fkey', t || '_call_id_fkey');
      -- Rows name their month from here on; a call's is set when it is first stored.
      EXECUTE format('ALTER TABLE %I ALTER COLUMN call_month DROP DEFAULT', t);
      RETURN;
    EXCEPTION WHEN lock_not_available OR deadlock_detected THEN
      PERFORM pg_sleep(0.05);
    END;
  END LOOP;
END $$;

SELECT callscope_partition_swap('turns');

-- Tool calls point at the partitioned turns before their own swap, so that the partitioned tool_calls takes the
-- reference over as it is; the stored rows are checked while writes go on.
DO $$
BEGIN
  IF NOT callscope_is_partitioned('tool_calls') AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'tool_calls_call_id_turn_id_call_month_fkey') THEN
    PERFORM callscope_with_short_locks($sql$
      LOCK TABLE turns, tool_calls IN ACCESS EXCLUSIVE MODE;
      ALTER TABLE tool_calls ADD CONSTRAINT tool_calls_call_id_turn_id_call_month_fkey FOREIGN KEY (call_id, turn_id, call_month)
        REFERENCES turns (call_id, id, call_month) ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;
      ALTER TABLE tool_calls DROP CONSTRAINT IF EXISTS tool_calls_y1970m01_turn_fkey;
    $sql$);
  END IF;
END $$;
DO $$
BEGIN
  IF NOT callscope_is_partitioned('tool_calls') THEN
    ALTER TABLE tool_calls VALIDATE CONSTRAINT tool_calls_call_id_turn_id_call_month_fkey;
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'tool_calls_partitioned'::regclass AND conname = 'tool_calls_call_id_turn_id_call_month_fkey') THEN
      PERFORM callscope_with_short_locks($sql$
        ALTER TABLE tool_calls_partitioned ADD CONSTRAINT tool_calls_call_id_turn_id_call_month_fkey FOREIGN KEY (call_id, turn_id, call_month)
          REFERENCES turns (call_id, id, call_month) ON DELETE CASCADE ON UPDATE CASCADE;
      $sql$);
    END IF;
  END IF;
END $$;

SELECT callscope_partition_swap(t) FROM unnest(array['tool_calls', 'call_events', 'kept_turn_latency', 'response_gaps']) t;

-- 7. New calls get the month they are first stored in, whose partitions were made above.
SELECT callscope_with_short_locks('ALTER TABLE calls ALTER COLUMN call_month SET DEFAULT (date_trunc(''month'', statement_timestamp() AT TIME ZONE ''UTC''))::date');

DROP FUNCTION IF EXISTS callscope_partition_swap(text);
DROP FUNCTION IF EXISTS callscope_is_partitioned(text);
DROP FUNCTION IF EXISTS callscope_drop_invalid_index(text);
