-- CreateTable
CREATE TABLE "call_conversations" (
    "call_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "dead_air" JSONB NOT NULL,
    "overlaps" JSONB NOT NULL,
    "interruptions" INTEGER NOT NULL,
    "talk_ratio" DOUBLE PRECISION,
    "longest_monologue_s" DOUBLE PRECISION,
    "time_to_first_word_ms" DOUBLE PRECISION,
    "dead_air_s" DOUBLE PRECISION NOT NULL,
    "audio_note" TEXT,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "call_conversations_pkey" PRIMARY KEY ("call_id")
);

-- CreateTable
CREATE TABLE "response_gaps" (
    "call_id" TEXT NOT NULL,
    "turn_index" INTEGER NOT NULL,
    "user_turn_index" INTEGER NOT NULL,
    "gap_ms" DOUBLE PRECISION NOT NULL,
    "heard_gap_ms" DOUBLE PRECISION,

    CONSTRAINT "response_gaps_pkey" PRIMARY KEY ("call_id","turn_index")
);

-- AddForeignKey
ALTER TABLE "call_conversations" ADD CONSTRAINT "call_conversations_call_id_fkey" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "response_gaps" ADD CONSTRAINT "response_gaps_call_id_fkey" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE CASCADE ON UPDATE CASCADE;
