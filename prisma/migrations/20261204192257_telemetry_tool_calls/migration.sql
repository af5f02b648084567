-- AlterTable
ALTER TABLE "tool_calls" ADD COLUMN     "call_external_id" TEXT,
ADD COLUMN     "duration_s" DOUBLE PRECISION,
ADD COLUMN     "offset_s" DOUBLE PRECISION,
ADD COLUMN     "received_at" TIMESTAMPTZ(6),
ADD COLUMN     "responding_to" JSONB,
ADD COLUMN     "return_external_id" TEXT,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'transcript',
ADD COLUMN     "state" TEXT,
ADD COLUMN     "wall_time" TIMESTAMPTZ(6),
ALTER COLUMN "turn_id" DROP NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "tool_calls_call_id_call_external_id_key" ON "tool_calls"("call_id", "call_external_id");

-- CreateIndex
CREATE UNIQUE INDEX "tool_calls_call_id_return_external_id_key" ON "tool_calls"("call_id", "return_external_id");
