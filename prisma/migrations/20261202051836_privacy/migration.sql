-- AlterTable
ALTER TABLE "calls" ADD COLUMN     "content_deleted_at" TIMESTAMPTZ(6),
ADD COLUMN     "redactions" JSONB;

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_kind" TEXT NOT NULL,
    "actor_id" TEXT,
    "actor_name" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "address" TEXT,
    "details" JSONB,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "retention_runs" (
    "id" BIGSERIAL NOT NULL,
    "started_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(6),
    "calls" INTEGER NOT NULL DEFAULT 0,
    "recordings" INTEGER NOT NULL DEFAULT 0,
    "deliveries" INTEGER NOT NULL DEFAULT 0,
    "deployment_logs" INTEGER NOT NULL DEFAULT 0,
    "audit_events" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "retention_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_events_at_id_idx" ON "audit_events"("at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "audit_events_action_at_idx" ON "audit_events"("action", "at" DESC);

-- CreateIndex
CREATE INDEX "audit_events_target_id_at_idx" ON "audit_events"("target_id", "at" DESC);

-- The retention job looks for the oldest calls that still have content.
CREATE INDEX "calls_with_content_sort_time_idx" ON "calls"("sort_time") WHERE "content_deleted_at" IS NULL;

-- Calls whose content was deleted before this column existed.
UPDATE "calls" SET "content_deleted_at" = ("extra"->'content_deleted'->>'at')::timestamptz
WHERE "extra" ? 'content_deleted' AND ("extra"->'content_deleted'->>'at') ~ '^\d{4}-\d\d-\d\dT';

-- Retention deletes old turns but keeps the latency figures they made: with
-- callscope.keep_rollups set in its transaction, their hours are not noted
-- for a rebuild.
CREATE OR REPLACE FUNCTION latency_note_turns() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('callscope.keep_rollups', true) = 'on' THEN
    RETURN NULL;
  END IF;
  INSERT INTO latency_changes (hour)
  SELECT DISTINCT date_trunc('hour', c.sort_time, 'UTC') FROM changed_turns t JOIN calls c ON c.id = t.call_id;
  RETURN NULL;
END $$;
