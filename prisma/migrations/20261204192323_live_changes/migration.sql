-- CreateTable
CREATE TABLE "changes" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "call_id" TEXT,
    "agent_id" TEXT,
    "monitor_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "changes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "changes_created_at_idx" ON "changes"("created_at");

-- The live stream's changes. Each statement that stores something a viewer
-- cares about adds one row per call (or monitor) it touched, in the writer's
-- own transaction, and NOTIFYs the range of ids it added: Postgres delivers
-- the notification only once the transaction commits, to every instance
-- listening, which then reads the rows. Statement-level triggers with
-- transition tables, so a batch of a hundred deliveries costs one insert.
CREATE FUNCTION live_announce(first_id bigint, last_id bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF first_id IS NOT NULL THEN
    PERFORM pg_notify('callscope_changes', first_id || '-' || last_id);
  END IF;
END $$;

CREATE FUNCTION live_calls_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE lo bigint; hi bigint;
BEGIN
  WITH added AS (
    INSERT INTO changes (kind, call_id, agent_id) SELECT 'call.created', id, agent_id FROM new_rows ORDER BY id RETURNING id)
  SELECT min(id), max(id) INTO lo, hi FROM added;
  PERFORM live_announce(lo, hi);
  RETURN NULL;
END $$;

CREATE TRIGGER live_calls_inserted AFTER INSERT ON calls REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION live_calls_inserted();

-- Only what a viewer sees: an ingest statement that locks a call without
-- changing it (the upsert of lockAndLoad) adds nothing.
CREATE FUNCTION live_calls_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE lo bigint; hi bigint;
BEGIN
  WITH added AS (
    INSERT INTO changes (kind, call_id, agent_id)
    SELECT CASE WHEN o.status IS DISTINCT FROM n.status THEN 'call.status' ELSE 'call.updated' END, n.id, n.agent_id
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o.status, o.agent_id, o.agent_name, o.deployment_id, o.start_time, o.end_time, o.end_reason, o.summary, o.error_message,
           o.duration_s, o.turn_count, o.ttfb_p50, o.ttfb_max, o.recording_status, o.content_deleted_at)
      IS DISTINCT FROM
          (n.status, n.agent_id, n.agent_name, n.deployment_id, n.start_time, n.end_time, n.end_reason, n.summary, n.error_message,
           n.duration_s, n.turn_count, n.ttfb_p50, n.ttfb_max, n.recording_status, n.content_deleted_at)
    ORDER BY n.id
    RETURNING id)
  SELECT min(id), max(id) INTO lo, hi FROM added;
  PERFORM live_announce(lo, hi);
  RETURN NULL;
END $$;

CREATE TRIGGER live_calls_updated AFTER UPDATE ON calls REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION live_calls_updated();

-- Rows of a call's parts (turns, tool calls, events, recording, conversation
-- figures): one change per call per statement, of the trigger's kind.
CREATE FUNCTION live_call_parts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE lo bigint; hi bigint;
BEGIN
  WITH added AS (
    INSERT INTO changes (kind, call_id) SELECT TG_ARGV[0], call_id FROM (SELECT DISTINCT call_id FROM new_rows) d ORDER BY call_id RETURNING id)
  SELECT min(id), max(id) INTO lo, hi FROM added;
  PERFORM live_announce(lo, hi);
  RETURN NULL;
END $$;

CREATE TRIGGER live_turns_inserted AFTER INSERT ON turns REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION live_call_parts('turn');
CREATE TRIGGER live_turns_updated AFTER UPDATE ON turns REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION live_call_parts('turn');
CREATE TRIGGER live_tool_calls_inserted AFTER INSERT ON tool_calls REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION live_call_parts('tool_call');
CREATE TRIGGER live_call_events_inserted AFTER INSERT ON call_events REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION live_call_parts('event');
CREATE TRIGGER live_recordings_inserted AFTER INSERT ON recordings REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION live_call_parts('recording');
CREATE TRIGGER live_recordings_updated AFTER UPDATE ON recordings REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION live_call_parts('recording');
CREATE TRIGGER live_conversations_inserted AFTER INSERT ON call_conversations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION live_call_parts('conversation');
CREATE TRIGGER live_conversations_updated AFTER UPDATE ON call_conversations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION live_call_parts('conversation');

CREATE FUNCTION live_monitor_transitions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE lo bigint; hi bigint;
BEGIN
  WITH added AS (
    INSERT INTO changes (kind, monitor_id) SELECT 'monitor', monitor_id FROM (SELECT DISTINCT monitor_id FROM new_rows) d ORDER BY monitor_id RETURNING id)
  SELECT min(id), max(id) INTO lo, hi FROM added;
  PERFORM live_announce(lo, hi);
  RETURN NULL;
END $$;

CREATE TRIGGER live_monitor_transitions_inserted AFTER INSERT ON monitor_transitions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION live_monitor_transitions();
