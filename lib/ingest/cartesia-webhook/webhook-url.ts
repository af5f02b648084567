import { env } from "@/lib/env";

/** The address Cartesia should post to, as this server is reached. */
export function webhookUrl(headers: Headers): string {
  const configured = env().CALLSCOPE_PUBLIC_URL;
  if (configured) return `${configured.replace(/\/$/, "")}/api/webhooks/cartesia`;
  const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? `localhost:${env().PORT}`;
  const proto = headers.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}/api/webhooks/cartesia`;
}
