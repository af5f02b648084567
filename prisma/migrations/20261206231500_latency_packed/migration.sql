-- Each histogram's (bin, count) pairs once more as big-endian int32s, read by the latency page as they are stored.
ALTER TABLE "latency_hourly" ADD COLUMN "packed" BYTEA;
ALTER TABLE "latency_daily" ADD COLUMN "packed" BYTEA;

UPDATE "latency_hourly" SET "packed" = coalesce((SELECT string_agg(int4send(b) || int4send(n), ''::bytea ORDER BY b) FROM unnest("bins", "counts") u(b, n)), ''::bytea);
UPDATE "latency_daily" SET "packed" = coalesce((SELECT string_agg(int4send(b) || int4send(n), ''::bytea ORDER BY b) FROM unnest("bins", "counts") u(b, n)), ''::bytea);

ALTER TABLE "latency_hourly" ALTER COLUMN "packed" SET NOT NULL;
ALTER TABLE "latency_daily" ALTER COLUMN "packed" SET NOT NULL;
