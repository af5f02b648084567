// The outbound guard of monitor webhooks and Slack: which addresses it
// refuses, how OUTBOUND_ALLOWLIST opens them, and that it holds on real
// connections to a local receiver: a name that resolves to 127.0.0.1 is
// refused when the connection is made, a redirect is never followed, and
// nothing of the answer is read but its status.
import { describe, expect, it } from "vitest";
import { addressRefusal, EMPTY_ALLOWLIST, parseAllowlist } from "@/lib/http/outbound-allowlist";
import { OutboundRefused, postOutbound, urlRefusal } from "@/lib/http/outbound-request";
import { parseEnv } from "@/lib/env";
import { startReceiver } from "../support/receivers";

const REFUSED = [
  ["127.0.0.1", "loopback"],
  ["127.8.9.10", "loopback"],
  ["10.1.2.3", "private"],
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["192.168.1.1", "private"],
  ["100.64.0.1", "shared"],
  ["169.254.169.254", "link-local"],
  ["0.0.0.0", "unspecified"],
  ["255.255.255.255", "broadcast"],
  ["224.0.0.251", "multicast"],
  ["240.0.0.1", "reserved"],
  ["::1", "loopback"],
  ["::", "unspecified"],
  ["fc00::1", "unique-local"],
  ["fd12:3456::1", "unique-local"],
  ["fe80::1", "link-local"],
  ["fec0::1", "site-local"],
  ["ff02::1", "multicast"],
  ["::ffff:127.0.0.1", "loopback"],
  ["::ffff:7f00:1", "loopback"],
  ["::ffff:169.254.169.254", "link-local"],
  ["::ffff:10.0.0.1", "private"],
  ["64:ff9b::a9fe:a9fe", "link-local"],
  ["2002:c0a8:101::1", "private"],
] as const;

const PUBLIC = ["8.8.8.8", "1.1.1.1", "52.1.2.3", "2606:4700:4700::1111", "2a00:1450:4001::200e", "::ffff:8.8.8.8", "64:ff9b::808:808"];

describe("addressRefusal", () => {
  it.each(REFUSED)("refuses %s as %s", (address, kind) => {
    expect(addressRefusal(address, EMPTY_ALLOWLIST)).toContain(kind);
    expect(addressRefusal(address, EMPTY_ALLOWLIST)).toContain("OUTBOUND_ALLOWLIST");
  });

  it.each(PUBLIC)("lets %s through", (address) => {
    expect(addressRefusal(address, EMPTY_ALLOWLIST)).toBeNull();
  });

  it("lets through what the allowlist names, by address or range, also in IPv4-mapped form", () => {
    const allow = parseAllowlist(["127.0.0.1", "10.20.0.0/16", "fd00:1::/64"]);
    expect(addressRefusal("127.0.0.1", allow)).toBeNull();
    expect(addressRefusal("::ffff:127.0.0.1", allow)).toBeNull();
    expect(addressRefusal("10.20.3.4", allow)).toBeNull();
    expect(addressRefusal("fd00:1::5", allow)).toBeNull();
    expect(addressRefusal("127.0.0.2", allow)).toContain("loopback");
    expect(addressRefusal("10.21.0.1", allow)).toContain("private");
    expect(addressRefusal("fd00:2::1", allow)).toContain("unique-local");
    expect(addressRefusal("::1", allow)).toContain("loopback");
  });
});

describe("OUTBOUND_ALLOWLIST", () => {
  it("takes hosts, addresses and CIDR ranges, and names a bad entry at start", () => {
    expect(parseEnv({ OUTBOUND_ALLOWLIST: "alerts.internal, 10.0.0.0/8,::1,Mail.Example." }).OUTBOUND_ALLOWLIST).toEqual([
      "alerts.internal",
      "10.0.0.0/8",
      "::1",
      "Mail.Example.",
    ]);
    expect(parseEnv({}).OUTBOUND_ALLOWLIST).toEqual([]);
    for (const bad of ["10.0.0.0/33", "http://alerts.internal", "a b", "1.2.3", "fd00::/129"])
      expect(() => parseEnv({ OUTBOUND_ALLOWLIST: bad }), bad).toThrow(/OUTBOUND_ALLOWLIST/);
  });
});

describe("urlRefusal", () => {
  it.each([
    "http://127.0.0.1/",
    "http://127.1/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "http://0/",
    "http://[::1]:8080/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:a9fe:a9fe]/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fd00::1]/",
    "http://10.0.0.1./",
    "ftp://example.com/",
    "file:///etc/passwd",
    "not a url",
  ])("refuses %s before any connection", (url) => {
    expect(urlRefusal(url, EMPTY_ALLOWLIST)).not.toBeNull();
  });

  it("leaves names to the connection's check, and lets allowlisted hosts through", () => {
    expect(urlRefusal("https://hooks.example.com/x", EMPTY_ALLOWLIST)).toBeNull();
    expect(urlRefusal("http://localhost:9/", EMPTY_ALLOWLIST)).toBeNull();
    expect(urlRefusal("http://127.0.0.1:9/", parseAllowlist(["127.0.0.0/8"]))).toBeNull();
    expect(urlRefusal("http://[::1]:9/", parseAllowlist(["::1"]))).toBeNull();
  });
});

describe("postOutbound to a receiver on 127.0.0.1", () => {
  const send = (url: string, entries: string[] = []) =>
    postOutbound(url, '{"a":1}', { "content-type": "application/json" }, { timeoutMs: 3000, allowlist: parseAllowlist(entries) });

  it("refuses 127.0.0.1, and localhost (which resolves to it) when the connection is made, without an allowlist", async () => {
    const receiver = await startReceiver();
    try {
      await expect(send(receiver.url("/direct"))).rejects.toThrow(OutboundRefused);
      // The URL's check passes a name; DNS answers 127.0.0.1 (or ::1), and the connection refuses it.
      expect(urlRefusal(`http://localhost:${receiver.port}/by-name`, EMPTY_ALLOWLIST)).toBeNull();
      const byName = send(`http://localhost:${receiver.port}/by-name`);
      await expect(byName).rejects.toThrow(OutboundRefused);
      await expect(byName).rejects.toThrow(/^localhost resolves to (127\.0\.0\.1|::1), a loopback address; add it to OUTBOUND_ALLOWLIST/);
      expect(receiver.received).toEqual([]);
    } finally {
      await receiver.stop();
    }
  });

  it("sends when the allowlist names the address, or the host", async () => {
    const receiver = await startReceiver();
    try {
      expect(await send(receiver.url("/ip"), ["127.0.0.1"])).toEqual({ status: 200 });
      expect(await send(`http://localhost:${receiver.port}/name-by-address`, ["127.0.0.1"])).toEqual({ status: 200 });
      expect(await send(`http://localhost:${receiver.port}/name`, ["localhost"])).toEqual({ status: 200 });
      expect(receiver.received.map((r) => [r.path, r.body])).toEqual([
        ["/ip", '{"a":1}'],
        ["/name-by-address", '{"a":1}'],
        ["/name", '{"a":1}'],
      ]);
    } finally {
      await receiver.stop();
    }
  });

  it("never follows a redirect, to a private address or to the receiver itself", async () => {
    const receiver = await startReceiver();
    try {
      receiver.answer("/to-metadata", { status: 302, headers: { location: "http://169.254.169.254/latest/meta-data/" } });
      receiver.answer("/to-self", { status: 307, headers: { location: receiver.url("/landed") } });
      expect(await send(receiver.url("/to-metadata"), ["127.0.0.1"])).toEqual({ status: 302 });
      expect(await send(receiver.url("/to-self"), ["127.0.0.1"])).toEqual({ status: 307 });
      expect(receiver.at("/landed")).toEqual([]);
      expect(receiver.received).toHaveLength(2);
    } finally {
      await receiver.stop();
    }
  });

  it("answers the status only, never the body", async () => {
    const receiver = await startReceiver();
    try {
      receiver.answer("/secret", { status: 403, body: "root:x:0:0:root:/root:/bin/bash ".repeat(100) });
      const answer = await send(receiver.url("/secret"), ["127.0.0.1"]);
      expect(answer).toEqual({ status: 403 });
      expect(JSON.stringify(answer)).not.toContain("root");
    } finally {
      await receiver.stop();
    }
  });
});
