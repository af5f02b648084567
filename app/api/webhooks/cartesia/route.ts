// POST /api/webhooks/cartesia - receives Cartesia's call webhooks.
import { handleCartesiaWebhook } from "@/lib/ingest/webhook/handle-cartesia-webhook";

export const POST = handleCartesiaWebhook;
