-- CreateTable
CREATE TABLE "kept_turn_latency" (
    "id" BIGSERIAL NOT NULL,
    "call_id" TEXT NOT NULL,
    "tts_ttfb" DOUBLE PRECISION,
    "stt_ttfb" DOUBLE PRECISION,

    CONSTRAINT "kept_turn_latency_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "kept_turn_latency_call_id_idx" ON "kept_turn_latency"("call_id");

-- AddForeignKey
ALTER TABLE "kept_turn_latency" ADD CONSTRAINT "kept_turn_latency_call_id_fkey" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Kept values leaving (a later erasure or content delete) change their hours' figures.
CREATE TRIGGER latency_kept_deleted AFTER DELETE ON kept_turn_latency REFERENCING OLD TABLE AS changed_turns
  FOR EACH STATEMENT EXECUTE FUNCTION latency_note_turns();
