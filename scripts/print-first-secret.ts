export function printFirstSecret(publicUrl: string, secret: string) {
  const url = `${publicUrl.replace(/\/$/, "")}/api/webhooks/cartesia`;
  console.log(`
  Callscope made a webhook secret. It is shown this once: keep it now.

    Webhook URL      ${url}
    Webhook secret   ${secret}

  In Cartesia, create a webhook with this URL and secret. Test it with:

    curl -i -X POST ${url} \\
      -H 'content-type: application/json' \\
      -H 'x-webhook-secret: ${secret}' \\
      -d '{"type":"call_started","request_id":"MZtest","agent_id":"agent_test","webhook_id":"agent_webhook_test","body":[],"timestamp":"2025-06-24T23:35:51.102938112Z"}'

  More secrets (and rotation) in Settings → Webhooks.
`);
}
