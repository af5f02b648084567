// callscope webhook test: sends a signed test delivery to a webhook URL
import { type Command } from "commander";
import { CliError, EXIT } from "../client";
import { out } from "../output";

export function registerWebhook(program: Command) {
  program
    .command("webhook")
    .description("webhook tools")
    .command("test <url>")
    .description("send a sample call_started delivery to a webhook endpoint and report the answer")
    .requiredOption("--secret <secret>", "the webhook secret to send in x-webhook-secret")
    .option("--call <id>", "the request_id to use", `MZtest${Date.now().toString(16)}`)
    .action(async (url: string, options) => {
      const delivery = {
        type: "call_started",
        request_id: options.call,
        agent_id: "agent_test",
        webhook_id: "agent_webhook_test",
        body: [],
        timestamp: new Date().toISOString(),
      };
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", "x-webhook-secret": options.secret },
          body: JSON.stringify(delivery),
        });
      } catch (error) {
        throw new CliError(`Cannot reach ${url}: ${(error as Error).cause ?? (error as Error).message}`, EXIT.unreachable);
      }
      const text = await response.text();
      out(`${response.status} ${response.statusText}\n${text}`);
      if (response.status === 401) throw new CliError("The endpoint refused the secret.", EXIT.auth);
      if (!response.ok) throw new CliError(`The endpoint answered ${response.status}.`, EXIT.failure);
    });
}
