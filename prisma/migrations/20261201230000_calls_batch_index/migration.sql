-- Calls by Cartesia batch (kept as sent, in extra.batch_id), newest first.
CREATE INDEX "calls_batch_id_sort_idx" ON "calls" ((extra->>'batch_id'), "sort_time" DESC, "id" DESC) WHERE (extra->>'batch_id') IS NOT NULL;
