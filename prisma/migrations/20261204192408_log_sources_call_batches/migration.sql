-- AlterTable
ALTER TABLE "call_events" ADD COLUMN     "code_location" TEXT;

-- CreateTable
CREATE TABLE "call_batches" (
    "id" TEXT NOT NULL,
    "name" TEXT,
    "agent_id" TEXT,
    "status" TEXT,
    "total_calls_scheduled" INTEGER,
    "total_calls_dispatched" INTEGER,
    "total_calls_finished" INTEGER,
    "created_at" TIMESTAMPTZ(3),
    "last_updated_at" TIMESTAMPTZ(3),
    "scheduled_at" TIMESTAMPTZ(3),
    "extra" JSONB,
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "call_batches_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "call_batches_created_at_idx" ON "call_batches"("created_at" DESC);
