-- AlterTable
ALTER TABLE "response_gaps" ADD COLUMN     "endpointing_ms" DOUBLE PRECISION,
ADD COLUMN     "llm_ms" DOUBLE PRECISION,
ADD COLUMN     "measured_by" TEXT,
ADD COLUMN     "stt_ms" DOUBLE PRECISION,
ADD COLUMN     "tts_ms" DOUBLE PRECISION,
ADD COLUMN     "unattributed_ms" DOUBLE PRECISION;
