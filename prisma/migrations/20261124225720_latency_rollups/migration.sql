-- CreateTable
CREATE TABLE "latency_hourly" (
    "metric" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(6) NOT NULL,
    "agent_id" TEXT NOT NULL,
    "deployment_id" TEXT NOT NULL,
    "bins" INTEGER[],
    "counts" INTEGER[],

    CONSTRAINT "latency_hourly_pkey" PRIMARY KEY ("metric","hour","agent_id","deployment_id")
);

-- CreateTable
CREATE TABLE "latency_changes" (
    "id" BIGSERIAL NOT NULL,
    "hour" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "latency_changes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "latency_changes_hour_idx" ON "latency_changes"("hour");

-- Every change to turns, and every change of a call's hour, agent or
-- deployment, notes the hours it touches, in the same transaction.
CREATE FUNCTION latency_note_turns() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO latency_changes (hour)
  SELECT DISTINCT date_trunc('hour', c.sort_time, 'UTC') FROM changed_turns t JOIN calls c ON c.id = t.call_id;
  RETURN NULL;
END $$;

CREATE TRIGGER latency_turns_inserted AFTER INSERT ON turns REFERENCING NEW TABLE AS changed_turns
  FOR EACH STATEMENT EXECUTE FUNCTION latency_note_turns();
CREATE TRIGGER latency_turns_updated AFTER UPDATE ON turns REFERENCING NEW TABLE AS changed_turns
  FOR EACH STATEMENT EXECUTE FUNCTION latency_note_turns();
CREATE TRIGGER latency_turns_deleted AFTER DELETE ON turns REFERENCING OLD TABLE AS changed_turns
  FOR EACH STATEMENT EXECUTE FUNCTION latency_note_turns();

CREATE FUNCTION latency_note_calls_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO latency_changes (hour)
  SELECT DISTINCT v.hour FROM (
    SELECT date_trunc('hour', o.sort_time, 'UTC') AS h1, date_trunc('hour', n.sort_time, 'UTC') AS h2
    FROM old_calls o JOIN new_calls n ON n.id = o.id
    WHERE (o.sort_time, o.agent_id, o.deployment_id) IS DISTINCT FROM (n.sort_time, n.agent_id, n.deployment_id)
      AND EXISTS (SELECT 1 FROM turns t WHERE t.call_id = n.id)
  ) moved CROSS JOIN LATERAL (VALUES (moved.h1), (moved.h2)) v(hour);
  RETURN NULL;
END $$;

CREATE TRIGGER latency_calls_updated AFTER UPDATE ON calls REFERENCING OLD TABLE AS old_calls NEW TABLE AS new_calls
  FOR EACH STATEMENT EXECUTE FUNCTION latency_note_calls_updated();

CREATE FUNCTION latency_note_calls_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO latency_changes (hour) SELECT DISTINCT date_trunc('hour', sort_time, 'UTC') FROM old_calls;
  RETURN NULL;
END $$;

CREATE TRIGGER latency_calls_deleted AFTER DELETE ON calls REFERENCING OLD TABLE AS old_calls
  FOR EACH STATEMENT EXECUTE FUNCTION latency_note_calls_deleted();

-- The calls already stored: every hour of them is built on the first run.
INSERT INTO latency_changes (hour) SELECT DISTINCT date_trunc('hour', sort_time, 'UTC') FROM calls;
