// Two things a monitor's notification promises its receivers: a webhook's
// signature covers its time, checked as the README tells receivers to check
// it; and email is never sent in clear when TLS is required (the default
// with a password), against a real SMTP server that offers no STARTTLS.
import { createHmac } from "node:crypto";
import nodemailer from "nodemailer";
import { describe, expect, it } from "vitest";
import { signedHeaders, smtpOptions } from "@/lib/monitors/notify";
import { readmeVerifier } from "../support/readme-verifier";
import { startSmtp } from "../support/receivers";

describe("a monitor webhook's signature", () => {
  const verify = readmeVerifier();
  const secret = "monitor-signing-secret";
  const body = JSON.stringify({ monitor_id: "mon_1", state: "firing", value: 1840 });

  it("signs the timestamp with the body, as t=…,v1=…, and sends the timestamp alone too", () => {
    const now = Date.UTC(2026, 11, 4, 12, 0, 0);
    const headers = signedHeaders(secret, body, now);
    const t = now / 1000;
    expect(headers["x-callscope-timestamp"]).toBe(String(t));
    expect(headers["x-callscope-signature"]).toBe(`t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`);
  });

  it("is accepted by a receiver that checks it as the README says", () => {
    const headers = signedHeaders(secret, body);
    expect(verify(headers, body, secret)).toBe(true);
  });

  it("lets that receiver refuse a replay, another body, another secret and a changed timestamp", () => {
    const sent = Date.now() - 10 * 60_000;
    const old = signedHeaders(secret, body, sent);
    expect(verify(old, body, secret, 300, sent / 1000 + 299)).toBe(true);
    expect(verify(old, body, secret)).toBe(false);
    const fresh = signedHeaders(secret, body);
    expect(verify(fresh, body.replace("1840", "1"), secret)).toBe(false);
    expect(verify(fresh, body, "another-secret")).toBe(false);
    // Moving the time forward without the secret breaks the signature.
    const t = Math.floor(Date.now() / 1000);
    const moved = { "x-callscope-timestamp": String(t), "x-callscope-signature": old["x-callscope-signature"].replace(/^t=\d+/, `t=${t}`) };
    expect(verify(moved, body, secret)).toBe(false);
    expect(verify({}, body, secret)).toBe(false);
  });
});

describe("SMTP_REQUIRE_TLS", () => {
  const base = {
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: 25,
    SMTP_SECURE: "false" as const,
    SMTP_USER: undefined,
    SMTP_PASSWORD: undefined,
    SMTP_REQUIRE_TLS: undefined,
  };

  it("is on by default when SMTP_USER is set, off without it, and as set otherwise", () => {
    expect(smtpOptions(base).requireTLS).toBe(false);
    expect(smtpOptions({ ...base, SMTP_USER: "alerts", SMTP_PASSWORD: "pw" }).requireTLS).toBe(true);
    expect(smtpOptions({ ...base, SMTP_USER: "alerts", SMTP_REQUIRE_TLS: "false" }).requireTLS).toBe(false);
    expect(smtpOptions({ ...base, SMTP_REQUIRE_TLS: "true" }).requireTLS).toBe(true);
    // TLS from the first byte needs no STARTTLS.
    expect(smtpOptions({ ...base, SMTP_SECURE: "true", SMTP_USER: "alerts" }).requireTLS).toBe(false);
  });

  it("refuses a server without STARTTLS when required, and sends nothing", async () => {
    const smtp = await startSmtp();
    try {
      const mail = { from: "alerts@callscope.example", to: "ops@example.com", subject: "s", text: "t" };
      for (const settings of [
        { ...base, SMTP_PORT: smtp.port, SMTP_REQUIRE_TLS: "true" as const },
        { ...base, SMTP_PORT: smtp.port, SMTP_USER: "alerts", SMTP_PASSWORD: "secret-password" },
      ]) {
        const transport = nodemailer.createTransport(smtpOptions(settings));
        await expect(transport.sendMail(mail)).rejects.toThrow(/STARTTLS/i);
        transport.close();
      }
      expect(smtp.mails).toEqual([]);
      const plain = nodemailer.createTransport(smtpOptions({ ...base, SMTP_PORT: smtp.port }));
      await plain.sendMail(mail);
      plain.close();
      expect(smtp.mails.map((m) => m.to)).toEqual([["ops@example.com"]]);
    } finally {
      await smtp.stop();
    }
  });
});
