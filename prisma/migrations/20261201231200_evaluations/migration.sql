-- CreateTable
CREATE TABLE "evaluation_metrics" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "display_name" TEXT,
    "prompt" TEXT,
    "created_at" TIMESTAMPTZ(3),
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "evaluation_metrics_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evaluation_results" (
    "id" TEXT NOT NULL,
    "metric_id" TEXT,
    "metric_name" TEXT NOT NULL,
    "metric_display_name" TEXT,
    "call_id" TEXT NOT NULL,
    "agent_id" TEXT,
    "deployment_id" TEXT,
    "run_id" TEXT,
    "value" JSONB,
    "json_result" JSONB,
    "result" TEXT,
    "status" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3),

    CONSTRAINT "evaluation_results_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "evaluation_results_call_id_idx" ON "evaluation_results"("call_id");

-- CreateIndex
CREATE INDEX "evaluation_results_metric_name_agent_id_idx" ON "evaluation_results"("metric_name", "agent_id");

-- CreateIndex
CREATE INDEX "evaluation_results_deployment_id_metric_name_idx" ON "evaluation_results"("deployment_id", "metric_name");
