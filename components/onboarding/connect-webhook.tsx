import { CodeBlock } from "@/components/ui/code-block";

export function ConnectWebhook({ url }: { url: string }) {
  const curl = `curl -i -X POST ${url} \\
  -H 'content-type: application/json' \\
  -H 'x-webhook-secret: <your secret>' \\
  -d '{"type":"call_started","request_id":"MZtest","agent_id":"agent_test","webhook_id":"agent_webhook_test","body":[],"timestamp":"2025-06-24T23:35:51.102938112Z"}'`;
  return (
    <ol className="space-y-5 text-sm">
      <li>
        <p className="font-medium">1. Copy the webhook URL</p>
        <p className="mt-1 text-zinc-600 dark:text-zinc-400">Cartesia posts every call start, completion and failure here.</p>
        <div className="mt-2">
          <CodeBlock label="Webhook URL">{url}</CodeBlock>
        </div>
      </li>
      <li>
        <p className="font-medium">2. Create the webhook in Cartesia with a secret</p>
        <p className="mt-1 text-zinc-600 dark:text-zinc-400">
          Use the secret Callscope printed at its first start, one from{" "}
          <a className="underline" href="/settings/webhooks">
            Settings → Webhooks
          </a>
          , or one you set in <code className="font-mono">CARTESIA_WEBHOOK_SECRETS</code>. Cartesia sends it in the{" "}
          <code className="font-mono">x-webhook-secret</code> header; anything without it is refused with 401.
        </p>
      </li>
      <li>
        <p className="font-medium">3. Test it</p>
        <p className="mt-1 text-zinc-600 dark:text-zinc-400">A 200 means the delivery is stored; a 401 means the secret is wrong.</p>
        <div className="mt-2">
          <CodeBlock label="curl test">{curl}</CodeBlock>
        </div>
      </li>
    </ol>
  );
}
