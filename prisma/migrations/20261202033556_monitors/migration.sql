-- CreateTable
CREATE TABLE "monitors" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "agent_id" TEXT,
    "deployment_id" TEXT,
    "evaluation" TEXT,
    "window_minutes" INTEGER NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "min_values" INTEGER NOT NULL DEFAULT 1,
    "renotify_minutes" INTEGER,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "channels" JSONB NOT NULL DEFAULT '[]',
    "state" TEXT NOT NULL DEFAULT 'no_data',
    "state_since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_value" DOUBLE PRECISION,
    "last_count" INTEGER,
    "last_evaluated_at" TIMESTAMPTZ(3),
    "last_notified_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "monitors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "monitor_transitions" (
    "id" BIGSERIAL NOT NULL,
    "monitor_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "from_state" TEXT NOT NULL,
    "to_state" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "count" INTEGER,
    "threshold" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "monitor_transitions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "monitor_samples" (
    "monitor_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "value" DOUBLE PRECISION,
    "count" INTEGER NOT NULL,

    CONSTRAINT "monitor_samples_pkey" PRIMARY KEY ("monitor_id","at")
);

-- CreateTable
CREATE TABLE "notification_deliveries" (
    "id" BIGSERIAL NOT NULL,
    "monitor_id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "channel_type" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "response_status" INTEGER,
    "error" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "monitor_transitions_monitor_id_at_idx" ON "monitor_transitions"("monitor_id", "at" DESC);

-- CreateIndex
CREATE INDEX "notification_deliveries_monitor_id_at_idx" ON "notification_deliveries"("monitor_id", "at" DESC);

-- CreateIndex
CREATE INDEX "webhook_deliveries_agent_id_received_at_idx" ON "webhook_deliveries"("agent_id", "received_at" DESC);

-- AddForeignKey
ALTER TABLE "monitor_transitions" ADD CONSTRAINT "monitor_transitions_monitor_id_fkey" FOREIGN KEY ("monitor_id") REFERENCES "monitors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monitor_samples" ADD CONSTRAINT "monitor_samples_monitor_id_fkey" FOREIGN KEY ("monitor_id") REFERENCES "monitors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_monitor_id_fkey" FOREIGN KEY ("monitor_id") REFERENCES "monitors"("id") ON DELETE CASCADE ON UPDATE CASCADE;
