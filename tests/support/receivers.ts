// Local servers that notifications are sent to in tests: a plain HTTP
// receiver (for monitor webhooks), a Slack incoming webhook, and an SMTP
// server. Each records what it was sent. They listen on 127.0.0.1, which
// Callscope refuses to send to unless OUTBOUND_ALLOWLIST opens it: a stack
// that sends to them passes LOCAL_RECEIVERS_ALLOWED in its environment.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type Received = { path: string; headers: IncomingMessage["headers"]; body: string };

/** The environment that lets a Callscope send notifications to these receivers. */
export const LOCAL_RECEIVERS_ALLOWED = { OUTBOUND_ALLOWLIST: "127.0.0.1" };

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });

type Answer = { status: number; headers?: Record<string, string>; body?: string };

/**
 * An HTTP receiver: answers 200, except that a path may be told to fail its
 * first requests with 500 (to see retries), or to give another answer
 * (a redirect, a body that must not be kept).
 */
export async function startReceiver() {
  const received: Received[] = [];
  const failures = new Map<string, number>();
  const answers = new Map<string, Answer>();
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    received.push({ path: req.url ?? "/", headers: req.headers, body });
    const answer = answers.get(req.url ?? "/");
    if (answer) {
      res.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers }).end(answer.body ?? "");
      return;
    }
    const left = failures.get(req.url ?? "/") ?? 0;
    if (left > 0) {
      failures.set(req.url ?? "/", left - 1);
      res.writeHead(500, { "content-type": "text/plain" }).end("receiver is down");
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
  const port = await listen(server);
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    at: (path: string) => received.filter((r) => r.path === path),
    failFirst: (path: string, n: number) => failures.set(path, n),
    answer: (path: string, answer: Answer) => answers.set(path, answer),
    port,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * Slack's incoming webhooks, as documented at
 * https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks/
 * (and the errors at https://api.slack.com/changelog/2016-05-17-changes-to-errors-for-incoming-webhooks):
 * a POST of JSON to /services/T…/B…/<token>; 200 "ok"; 400 "invalid_payload"
 * for a body that is not JSON, 400 "no_text" without text or blocks, 404
 * "no_service" for an unknown URL, 410 "channel_is_archived" for an archived channel.
 */
export async function startFakeSlack() {
  const messages: { text: string; blocks?: unknown[] }[] = [];
  const archived = "/services/T000/B000/archived";
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const answer = (status: number, text: string) => res.writeHead(status, { "content-type": "text/plain" }).end(text);
    if (req.method !== "POST") return answer(405, "invalid_method");
    if (!/^\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+$/.test(req.url ?? "")) return answer(404, "no_service");
    if (req.url === archived) return answer(410, "channel_is_archived");
    let json: { text?: unknown; blocks?: unknown[] };
    try {
      json = JSON.parse(body);
    } catch {
      return answer(400, "invalid_payload");
    }
    if (typeof json !== "object" || json === null) return answer(400, "invalid_payload");
    if ((typeof json.text !== "string" || !json.text) && !Array.isArray(json.blocks)) return answer(400, "no_text");
    messages.push({ text: String(json.text ?? ""), blocks: json.blocks });
    answer(200, "ok");
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}/services/T0CALLSCOPE/B0MONITOR/s3cr3tToken`,
    archivedUrl: `http://127.0.0.1:${port}${archived}`,
    unknownUrl: `http://127.0.0.1:${port}/services/nope`,
    messages,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** An SMTP server (the smtp-server package) that keeps each message, parsed. */
export async function startSmtp() {
  const mails: { from: string; to: string[]; subject: string; text: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // No STARTTLS: a client that requires TLS must refuse this server.
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push({
            from: mail.from?.value[0]?.address ?? "",
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? "",
            text: mail.text ?? "",
          });
          callback();
        })
        .catch(callback);
    },
  });
  const port = await new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.server.address() as AddressInfo).port)));
  return { port, mails, stop: () => new Promise<void>((r) => server.close(() => r())) };
}
