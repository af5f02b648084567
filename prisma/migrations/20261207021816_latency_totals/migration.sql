-- One transaction, as for call_status_counts: the table, its triggers and the
-- totals of the days already built, while no rebuild can change latency_daily.
BEGIN;

-- CreateTable
CREATE TABLE "latency_totals" (
    "metric" TEXT NOT NULL,
    "agent_id" TEXT NOT NULL,
    "bucket" SMALLINT NOT NULL,
    "n" BIGINT NOT NULL,
    "sum_bins" BIGINT NOT NULL,

    CONSTRAINT "latency_totals_pkey" PRIMARY KEY ("metric","agent_id","bucket")
);

LOCK TABLE latency_daily IN SHARE ROW EXCLUSIVE MODE;

-- The bucket of a value in 0.1 ms bins: how many of /metrics's bounds
-- (LATENCY_BUCKETS_S in lib/metrics/prometheus.ts, 0.1 s to 10 s) lie below
-- it. Bins are whole numbers, so a value is at or under a bound exactly when
-- it is under the bound + 1. Changing the bounds is a migration that replaces
-- this function and refills latency_totals as below.
CREATE FUNCTION latency_totals_bucket(bin integer) RETURNS smallint LANGUAGE sql IMMUTABLE AS $$
  SELECT width_bucket(bin, '{1001,2001,3001,4001,5001,6001,8001,10001,12501,15001,20001,30001,50001,100001}'::integer[])::smallint
$$;

-- Day rows replaced by a rebuild leave the totals (-1) and the new ones join
-- them (+1), in the rebuild's transaction: the totals are always the sum of
-- what latency_daily holds. One writer at a time rebuilds (lib/latency/rollup.ts).
CREATE FUNCTION latency_totals_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO latency_totals AS t (metric, agent_id, bucket, n, sum_bins)
  SELECT d.metric, d.agent_id, latency_totals_bucket(u.bin), TG_ARGV[0]::int * sum(u.n), TG_ARGV[0]::int * sum(u.n::bigint * u.bin)
  FROM changed_days d CROSS JOIN unnest(d.bins, d.counts) u(bin, n)
  GROUP BY 1, 2, 3
  ON CONFLICT (metric, agent_id, bucket) DO UPDATE SET n = t.n + excluded.n, sum_bins = t.sum_bins + excluded.sum_bins;
  DELETE FROM latency_totals WHERE n = 0;
  RETURN NULL;
END $$;

CREATE TRIGGER latency_totals_inserted AFTER INSERT ON latency_daily REFERENCING NEW TABLE AS changed_days
  FOR EACH STATEMENT EXECUTE FUNCTION latency_totals_note(1);
CREATE TRIGGER latency_totals_deleted AFTER DELETE ON latency_daily REFERENCING OLD TABLE AS changed_days
  FOR EACH STATEMENT EXECUTE FUNCTION latency_totals_note('-1');
CREATE TRIGGER latency_totals_updated_from AFTER UPDATE ON latency_daily REFERENCING OLD TABLE AS changed_days
  FOR EACH STATEMENT EXECUTE FUNCTION latency_totals_note('-1');
CREATE TRIGGER latency_totals_updated_to AFTER UPDATE ON latency_daily REFERENCING NEW TABLE AS changed_days
  FOR EACH STATEMENT EXECUTE FUNCTION latency_totals_note(1);

CREATE FUNCTION latency_totals_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM latency_totals;
  RETURN NULL;
END $$;

CREATE TRIGGER latency_totals_truncated AFTER TRUNCATE ON latency_daily
  FOR EACH STATEMENT EXECUTE FUNCTION latency_totals_truncated();

-- The days already built.
INSERT INTO latency_totals (metric, agent_id, bucket, n, sum_bins)
SELECT d.metric, d.agent_id, latency_totals_bucket(u.bin), sum(u.n), sum(u.n::bigint * u.bin)
FROM latency_daily d CROSS JOIN unnest(d.bins, d.counts) u(bin, n)
GROUP BY 1, 2, 3 HAVING sum(u.n) <> 0;

COMMIT;
