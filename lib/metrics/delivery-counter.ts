// Webhook deliveries counted by this process, by outcome, for /metrics. The
// one figure kept in memory rather than derived from Postgres: refused
// deliveries (wrong secret, bad JSON) are never stored. Each instance counts
// its own, so Prometheus scrapes every instance and sums them.
import { Counter } from "prom-client";
import { processSingleton } from "@/lib/process-singleton";

export const DELIVERY_OUTCOMES = ["applied", "duplicate", "unknown_type", "invalid", "unauthorized", "rate_limited", "unavailable"] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

export const deliveryCounter = () =>
  processSingleton("webhook-delivery-counter", () => {
    const counter = new Counter({
      name: "callscope_webhook_deliveries_total",
      help: "Webhook deliveries answered by this instance, by outcome (applied, duplicate, unknown_type, invalid, unauthorized, rate_limited, unavailable).",
      labelNames: ["outcome"],
      registers: [],
    });
    // Every outcome from zero, so that rate() sees the first one.
    for (const outcome of DELIVERY_OUTCOMES) counter.inc({ outcome }, 0);
    return counter;
  });

/** The outcome of a delivery, from the answer it was given. */
export function outcomeOf(status: number, body: unknown): DeliveryOutcome {
  if (status === 200) {
    const outcome = (body as { outcome?: string } | null)?.outcome;
    return outcome === "duplicate" || outcome === "unknown_type" ? outcome : "applied";
  }
  if (status === 401) return "unauthorized";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "unavailable";
  return "invalid";
}

export function countDelivery(response: Response, body: unknown = null): Response {
  deliveryCounter().inc({ outcome: outcomeOf(response.status, body) });
  return response;
}
