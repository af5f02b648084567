// POST /api/webhooks/cartesia - receives Cartesia's call webhooks.
import { handleCartesiaWebhook } from "@/lib/ingest/cartesia-webhook/handle-cartesia-webhook";
import { route } from "@/lib/http/route";

export const POST = route(handleCartesiaWebhook);
