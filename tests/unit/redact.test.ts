import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ibanValid, luhnValid, parseKinds, type RedactionCounts, type RedactionKind, redactJson, redactText } from "@/lib/privacy/redact";

const policy = (...kinds: RedactionKind[]) => ({ kinds, phoneRegion: "US" as const });
const ALL = policy("card", "email", "phone", "ssn", "iban");
const WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

/** A card number of the networks' lengths and prefixes, completed with its Luhn check digit. */
const cardNumber = fc
  .tuple(fc.constantFrom("4", "51", "55", "2221", "34", "37", "6011", "65", "35"), fc.constantFrom(13, 15, 16, 19))
  .chain(([prefix, length]) =>
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length - 1 - prefix.length, maxLength: length - 1 - prefix.length }).map((rest) => {
      const body = prefix + rest.join("");
      const check = [...Array(10).keys()].find((d) => luhnValid(body + d))!;
      return body + check;
    }),
  );

/** The number as a person or a transcriber writes it: bare, in groups split by spaces or dashes, or spoken digit by digit. */
const written = (digits: string) =>
  fc.constantFrom("bare", "spaces", "dashes", "spoken", "mixed").map((style) => {
    const groups = digits.match(/.{1,4}/g)!;
    if (style === "spaces") return groups.join(" ");
    if (style === "dashes") return groups.join("-");
    if (style === "spoken") return [...digits].map((d) => WORDS[Number(d)]).join(" ");
    if (style === "mixed") return groups.map((g, i) => (i % 2 ? [...g].map((d) => WORDS[Number(d)]).join(" ") : g)).join(", ");
    return digits;
  });

const sentence = fc.tuple(fc.constantFrom("my card is", "it's", "Card number:", "ok so"), fc.constantFrom("thanks", "and the expiry is soon.", "", "right?"));

describe("card numbers", () => {
  it("are always caught with their Luhn check, however they are written", () => {
    fc.assert(
      fc.property(
        cardNumber.chain((n) => fc.tuple(written(n), sentence)),
        ([text, [before, after]]) => {
          const counts: RedactionCounts = {};
          const out = redactText(`${before} ${text} ${after}`, policy("card"), counts);
          expect(out).toBe(`${before} [card] ${after}`);
          expect(counts).toEqual({ card: 1 });
        },
      ),
      { numRuns: 500 },
    );
  });

  it("leave digit strings that fail the check alone", () => {
    const failing = fc
      .array(fc.integer({ min: 0, max: 9 }), { minLength: 13, maxLength: 19 })
      .map((d) => d.join(""))
      .filter((d) => !luhnValid(d));
    fc.assert(
      fc.property(failing, (digits) => {
        const counts: RedactionCounts = {};
        expect(redactText(`order ${digits} shipped`, policy("card"), counts)).toBe(`order ${digits} shipped`);
        expect(counts).toEqual({});
      }),
      { numRuns: 500 },
    );
  });

  it("leave shorter numbers, epoch milliseconds and prices alone", () => {
    for (const text of ["1764547200000", "call at 12:30, costs $1,234.56", "4111 1111", "ts=1764547200123 level=info"]) {
      expect(redactText(text, policy("card"))).toBe(text);
    }
  });
});

describe("emails, phone numbers, SSNs and IBANs", () => {
  it("catches emails in many forms", () => {
    const local = fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,20}[a-z0-9]$/);
    const domain = fc.tuple(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/), fc.constantFrom("com", "co.uk", "io", "travel", "de"));
    fc.assert(
      fc.property(local, domain, fc.boolean(), (user, [name, tld], upper) => {
        const address = `${user}@${name}.${tld}`;
        const written = upper ? address.toUpperCase() : address;
        const counts: RedactionCounts = {};
        expect(redactText(`write to ${written}, please`, policy("email"), counts)).toBe("write to [email], please");
        expect(counts).toEqual({ email: 1 });
      }),
    );
  });

  it("catches phone numbers in international and common national forms", () => {
    const forms = [
      "+1 415 555 2671",
      "+14155552671",
      "(415) 555-2671",
      "415-555-2671",
      "415.555.2671",
      "+44 20 7946 0958",
      "+44 (0)20 7946 0958",
      "+33 6 12 34 56 78",
      "+49 30 901820",
      "+61 2 9374 4000",
      "+91 98765 43210",
    ];
    for (const form of forms) {
      const counts: RedactionCounts = {};
      expect(redactText(`reach me on ${form} tomorrow`, policy("phone"), counts), form).toBe("reach me on [phone] tomorrow");
      expect(counts, form).toEqual({ phone: 1 });
    }
    expect(redactText("020 7946 0958", { kinds: ["phone"], phoneRegion: "GB" })).toBe("[phone]");
  });

  it("does not take dates, times, versions or amounts for phone numbers", () => {
    for (const text of ["on 2026-12-01 at 12:30", "version 16.4.6", "total 1,234.50", "turn 12 of 40"]) {
      expect(redactText(text, policy("phone"))).toBe(text);
    }
  });

  it("catches SSNs with separators and IBANs that pass mod 97", () => {
    expect(redactText("ssn 123-45-6789 ok", policy("ssn"))).toBe("ssn [ssn] ok");
    expect(redactText("ssn 123 45 6789 ok", policy("ssn"))).toBe("ssn [ssn] ok");
    expect(redactText("not 000-12-3456 nor 123-45-67890", policy("ssn"))).toBe("not 000-12-3456 nor 123-45-67890");
    expect(ibanValid("GB82 WEST 1234 5698 7654 32")).toBe(true);
    expect(ibanValid("GB82 WEST 1234 5698 7654 33")).toBe(false);
    expect(redactText("pay to DE89 3704 0044 0532 0130 00 today", policy("iban"))).toBe("pay to [iban] today");
    expect(redactText("pay to DE89370400440532013000", policy("iban"))).toBe("pay to [iban]");
    expect(redactText("pay to DE89 3704 0044 0532 0130 01", policy("iban"))).toBe("pay to DE89 3704 0044 0532 0130 01");
  });

  it("redacts each kind once, whatever the order of kinds in the text", () => {
    const counts: RedactionCounts = {};
    const out = redactText("Card 4111 1111 1111 1111, mail a.b@example.com, call +1 415 555 2671, ssn 123-45-6789, iban GB82WEST12345698765432", ALL, counts);
    expect(out).toBe("Card [card], mail [email], call [phone], ssn [ssn], iban [iban]");
    expect(counts).toEqual({ card: 1, email: 1, phone: 1, ssn: 1, iban: 1 });
  });
});

describe("JSON values", () => {
  it("redacts every string at any depth but keeps ids, times, names and routing numbers", () => {
    const counts: RedactionCounts = {};
    const input = {
      request_id: "call_4111111111111111",
      timestamp: "2026-12-01T10:00:00Z",
      type: "call_completed",
      call: {
        summary: "Caller gave 4111-1111-1111-1111",
        telephony_params: { from: "+14155552671", to: "+14155550000" },
        transcript: [{ role: "user", text: "email me at jo@example.com", tool_calls: [{ name: "lookup", arguments: { q: ["4111 1111 1111 1111"] } }] }],
      },
      n: 4111111111111111,
    };
    const out = redactJson(input, policy("card", "email", "phone"), counts) as typeof input;
    expect(out.request_id).toBe(input.request_id);
    expect(out.timestamp).toBe(input.timestamp);
    expect(out.call.summary).toBe("Caller gave [card]");
    expect(out.call.telephony_params).toEqual(input.call.telephony_params);
    expect(out.call.transcript[0].text).toBe("email me at [email]");
    expect(out.call.transcript[0].tool_calls[0]).toEqual({ name: "lookup", arguments: { q: ["[card]"] } });
    expect(counts).toEqual({ card: 2, email: 1 });
    expect(input.call.summary).toContain("4111");
  });

  it("reads the kinds of the setting", () => {
    expect(parseKinds("card, EMAIL")).toEqual(["card", "email"]);
    expect(parseKinds("none")).toEqual([]);
    expect(() => parseKinds("card,passport")).toThrow(/passport/);
  });
});
