-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "agents" (
    "id" TEXT NOT NULL,
    "name" TEXT,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_call_at" TIMESTAMPTZ(3),

    CONSTRAINT "agents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deployments" (
    "id" TEXT NOT NULL,
    "agent_id" TEXT,
    "status" TEXT,
    "is_live" BOOLEAN,
    "is_pinned" BOOLEAN,
    "git_commit_hash" TEXT,
    "created_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3),
    "build_started_at" TIMESTAMPTZ(3),
    "build_completed_at" TIMESTAMPTZ(3),
    "deployment_started_at" TIMESTAMPTZ(3),
    "deployment_completed_at" TIMESTAMPTZ(3),
    "build_logs" TEXT,
    "build_error" TEXT,
    "deployment_error" TEXT,
    "extra" JSONB,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deployments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deployment_logs" (
    "id" BIGSERIAL NOT NULL,
    "deployment_id" TEXT NOT NULL,
    "time" TIMESTAMPTZ(3),
    "level" TEXT,
    "message" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'runtime',
    "external_id" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deployment_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "calls" (
    "id" TEXT NOT NULL,
    "agent_id" TEXT,
    "deployment_id" TEXT,
    "status" TEXT NOT NULL DEFAULT 'placeholder',
    "start_time" TIMESTAMPTZ(6),
    "start_time_source" TEXT,
    "end_time" TIMESTAMPTZ(6),
    "end_time_source" TEXT,
    "fields_rank" INTEGER NOT NULL DEFAULT 0,
    "end_reason" TEXT,
    "summary" TEXT,
    "error_message" TEXT,
    "from_number" TEXT,
    "to_number" TEXT,
    "telephony" JSONB,
    "metadata" JSONB,
    "agent_name" TEXT,
    "webhook_id" TEXT,
    "extra" JSONB,
    "transcript_final" BOOLEAN NOT NULL DEFAULT false,
    "turn_count" INTEGER NOT NULL DEFAULT 0,
    "duration_s" DOUBLE PRECISION,
    "ttfb_p50" DOUBLE PRECISION,
    "ttfb_max" DOUBLE PRECISION,
    "recording_status" TEXT NOT NULL DEFAULT 'none',
    "search_vector" tsvector,
    "sort_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_event_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "calls_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "turns" (
    "id" BIGSERIAL NOT NULL,
    "call_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "role" TEXT NOT NULL,
    "text" TEXT NOT NULL DEFAULT '',
    "start_s" DOUBLE PRECISION NOT NULL,
    "end_s" DOUBLE PRECISION,
    "start_ms" BIGINT NOT NULL,
    "tts_ttfb" DOUBLE PRECISION,
    "stt_ttfb" DOUBLE PRECISION,
    "was_interrupted" BOOLEAN,
    "end_reason" TEXT,
    "vad_buffer_ms" DOUBLE PRECISION,
    "text_chunks" JSONB,
    "extra" JSONB,
    "source" TEXT NOT NULL,
    "final" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "turns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tool_calls" (
    "id" BIGSERIAL NOT NULL,
    "call_id" TEXT NOT NULL,
    "turn_id" BIGINT NOT NULL,
    "position" INTEGER NOT NULL,
    "tool_call_id" TEXT,
    "name" TEXT NOT NULL,
    "arguments" JSONB,
    "result" JSONB,
    "extra" JSONB,

    CONSTRAINT "tool_calls_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "call_events" (
    "id" BIGSERIAL NOT NULL,
    "call_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT,
    "level" TEXT,
    "message" TEXT,
    "value" JSONB,
    "metadata" JSONB,
    "responding_to" JSONB,
    "offset_s" DOUBLE PRECISION,
    "wall_time" TIMESTAMPTZ(6),
    "received_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "source" TEXT NOT NULL DEFAULT 'telemetry',
    "external_id" TEXT,
    "extra" JSONB,

    CONSTRAINT "call_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recordings" (
    "call_id" TEXT NOT NULL,
    "storage_key" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "bytes" BIGINT NOT NULL,
    "duration_s" DOUBLE PRECISION,
    "sha256" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recordings_pkey" PRIMARY KEY ("call_id")
);

-- CreateTable
CREATE TABLE "webhook_secrets" (
    "id" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_secrets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" BIGSERIAL NOT NULL,
    "dedup_key" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "type" TEXT NOT NULL,
    "call_id" TEXT,
    "agent_id" TEXT,
    "webhook_id" TEXT,
    "event_time" TEXT,
    "event_time_ns" BIGINT,
    "outcome" TEXT NOT NULL,
    "error" JSONB,
    "payload" JSONB NOT NULL,
    "secret_id" TEXT,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'member',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ingest_keys" (
    "key" TEXT NOT NULL,
    "response" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ingest_keys_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "jobs" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "run_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "deployments_agent_id_created_at_idx" ON "deployments"("agent_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "deployment_logs_deployment_id_id_idx" ON "deployment_logs"("deployment_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "deployment_logs_deployment_id_external_id_key" ON "deployment_logs"("deployment_id", "external_id");

-- CreateIndex
CREATE INDEX "calls_sort_time_id_idx" ON "calls"("sort_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "calls_agent_id_sort_time_id_idx" ON "calls"("agent_id", "sort_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "calls_status_sort_time_id_idx" ON "calls"("status", "sort_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "calls_deployment_id_sort_time_id_idx" ON "calls"("deployment_id", "sort_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "calls_search_vector_idx" ON "calls" USING GIN ("search_vector");

-- CreateIndex
CREATE INDEX "turns_call_id_start_s_idx" ON "turns"("call_id", "start_s");

-- CreateIndex
CREATE UNIQUE INDEX "turns_call_id_role_start_ms_key" ON "turns"("call_id", "role", "start_ms");

-- CreateIndex
CREATE INDEX "tool_calls_call_id_idx" ON "tool_calls"("call_id");

-- CreateIndex
CREATE UNIQUE INDEX "tool_calls_turn_id_position_key" ON "tool_calls"("turn_id", "position");

-- CreateIndex
CREATE INDEX "call_events_call_id_kind_id_idx" ON "call_events"("call_id", "kind", "id");

-- CreateIndex
CREATE UNIQUE INDEX "call_events_call_id_external_id_key" ON "call_events"("call_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_secrets_hash_key" ON "webhook_secrets"("hash");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_deliveries_dedup_key_key" ON "webhook_deliveries"("dedup_key");

-- CreateIndex
CREATE INDEX "webhook_deliveries_received_at_id_idx" ON "webhook_deliveries"("received_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "webhook_deliveries_call_id_event_time_ns_idx" ON "webhook_deliveries"("call_id", "event_time_ns");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_hash_key" ON "api_keys"("hash");

-- CreateIndex
CREATE UNIQUE INDEX "jobs_key_key" ON "jobs"("key");

-- CreateIndex
CREATE INDEX "jobs_status_run_at_idx" ON "jobs"("status", "run_at");

-- AddForeignKey
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployment_logs" ADD CONSTRAINT "deployment_logs_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "calls" ADD CONSTRAINT "calls_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "calls" ADD CONSTRAINT "calls_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "turns" ADD CONSTRAINT "turns_call_id_fkey" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_calls" ADD CONSTRAINT "tool_calls_call_id_fkey" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_calls" ADD CONSTRAINT "tool_calls_turn_id_fkey" FOREIGN KEY ("turn_id") REFERENCES "turns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_events" ADD CONSTRAINT "call_events_call_id_fkey" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_call_id_fkey" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE CASCADE ON UPDATE CASCADE;
