-- CreateTable
CREATE TABLE "latency_daily" (
    "metric" TEXT NOT NULL,
    "day" TIMESTAMPTZ(6) NOT NULL,
    "agent_id" TEXT NOT NULL,
    "deployment_id" TEXT NOT NULL,
    "bins" INTEGER[],
    "counts" INTEGER[],

    CONSTRAINT "latency_daily_pkey" PRIMARY KEY ("metric","day","agent_id","deployment_id")
);

-- Every hour already built is noted again, so that the next rebuild makes its day too.
INSERT INTO latency_changes (hour) SELECT DISTINCT hour FROM latency_hourly;
