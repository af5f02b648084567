-- AlterTable
ALTER TABLE "monitors" ADD COLUMN     "cause_id" TEXT;

-- CreateTable
CREATE TABLE "causes" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "tool" TEXT,
    "title" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'new',
    "state_changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "first_deployment_id" TEXT,
    "call_count" INTEGER NOT NULL DEFAULT 0,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_in_deployment_id" TEXT,
    "ignored_until" TIMESTAMPTZ(3),
    "ignored_until_count" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "causes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "call_causes" (
    "cause_id" TEXT NOT NULL,
    "call_id" TEXT NOT NULL,
    "seen_at" TIMESTAMPTZ(3) NOT NULL,
    "agent_id" TEXT,
    "deployment_id" TEXT,
    "event_id" BIGINT,
    "tool_call_id" BIGINT,
    "offset_s" DOUBLE PRECISION,

    CONSTRAINT "call_causes_pkey" PRIMARY KEY ("cause_id","call_id")
);

-- CreateTable
CREATE TABLE "cause_state_changes" (
    "id" BIGSERIAL NOT NULL,
    "cause_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "from_state" TEXT,
    "to_state" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "deployment_id" TEXT,
    "note" TEXT,

    CONSTRAINT "cause_state_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cause_queue" (
    "call_id" TEXT NOT NULL,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cause_queue_pkey" PRIMARY KEY ("call_id")
);

-- CreateIndex
CREATE INDEX "causes_state_idx" ON "causes"("state");

-- CreateIndex
CREATE INDEX "causes_last_seen_at_idx" ON "causes"("last_seen_at");

-- CreateIndex
CREATE INDEX "call_causes_call_id_idx" ON "call_causes"("call_id");

-- CreateIndex
CREATE INDEX "call_causes_cause_id_seen_at_idx" ON "call_causes"("cause_id", "seen_at");

-- CreateIndex
CREATE INDEX "call_causes_seen_at_idx" ON "call_causes"("seen_at");

-- CreateIndex
CREATE INDEX "cause_state_changes_cause_id_at_idx" ON "cause_state_changes"("cause_id", "at");

-- CreateIndex
CREATE INDEX "cause_queue_queued_at_idx" ON "cause_queue"("queued_at");

-- AddForeignKey
ALTER TABLE "call_causes" ADD CONSTRAINT "call_causes_cause_id_fkey" FOREIGN KEY ("cause_id") REFERENCES "causes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_causes" ADD CONSTRAINT "call_causes_call_id_fkey" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cause_state_changes" ADD CONSTRAINT "cause_state_changes_cause_id_fkey" FOREIGN KEY ("cause_id") REFERENCES "causes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Calls are queued for the cause worker when they finish or their outcome
-- changes, and when an error-level event, a tool call or the conversation's
-- figures arrive for them. The worker skips calls still in progress: they are
-- queued again when they finish.
CREATE FUNCTION causes_queue_new_calls() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO cause_queue (call_id)
  SELECT id FROM new_calls WHERE status IN ('completed', 'failed', 'cancelled')
  ON CONFLICT (call_id) DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER causes_calls_inserted AFTER INSERT ON calls REFERENCING NEW TABLE AS new_calls
  FOR EACH STATEMENT EXECUTE FUNCTION causes_queue_new_calls();

CREATE FUNCTION causes_queue_changed_calls() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO cause_queue (call_id)
  SELECT n.id FROM new_calls n JOIN old_calls o ON o.id = n.id
  WHERE n.status IN ('completed', 'failed', 'cancelled')
    AND (n.status, n.error_message, n.end_reason, n.agent_id, n.deployment_id, n.sort_time)
        IS DISTINCT FROM (o.status, o.error_message, o.end_reason, o.agent_id, o.deployment_id, o.sort_time)
  ON CONFLICT (call_id) DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER causes_calls_updated AFTER UPDATE ON calls REFERENCING OLD TABLE AS old_calls NEW TABLE AS new_calls
  FOR EACH STATEMENT EXECUTE FUNCTION causes_queue_changed_calls();

CREATE FUNCTION causes_queue_error_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO cause_queue (call_id)
  SELECT DISTINCT call_id FROM new_events
  WHERE kind = 'error' OR lower(level) IN ('error', 'critical', 'fatal', 'exception')
  ON CONFLICT (call_id) DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER causes_events_inserted AFTER INSERT ON call_events REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION causes_queue_error_events();

CREATE FUNCTION causes_queue_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO cause_queue (call_id) SELECT DISTINCT call_id FROM new_rows ON CONFLICT (call_id) DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER causes_tool_calls_inserted AFTER INSERT ON tool_calls REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION causes_queue_rows();
CREATE TRIGGER causes_tool_calls_updated AFTER UPDATE ON tool_calls REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION causes_queue_rows();
CREATE TRIGGER causes_conversations_inserted AFTER INSERT ON call_conversations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION causes_queue_rows();
CREATE TRIGGER causes_conversations_updated AFTER UPDATE ON call_conversations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION causes_queue_rows();

-- The calls already stored are worked out once, oldest first, by the worker (resumable: the queue is a table).
INSERT INTO cause_queue (call_id, queued_at)
SELECT id, sort_time FROM calls WHERE status IN ('completed', 'failed', 'cancelled') AND content_deleted_at IS NULL;
