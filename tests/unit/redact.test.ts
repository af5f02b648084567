import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ibanValid,
  luhnValid,
  parseKinds,
  type RedactionCounts,
  type RedactionKind,
  redactField,
  redactJson,
  redactJsonWithin,
  redactText,
  TIMED_OUT,
} from "@/lib/privacy/redact";
import { NOT_LOCAL } from "@/lib/privacy/find-emails";

const policy = (...kinds: RedactionKind[]) => ({ kinds, phoneRegion: "US" as const });
/** Each text comes back from `kind`'s redaction as it went in. */
const leavesAlone = (kind: RedactionKind, texts: string[]) => {
  for (const text of texts) expect(redactText(text, policy(kind))).toBe(text);
};
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
    leavesAlone("card", ["1764547200000", "call at 12:30, costs $1,234.56", "4111 1111", "ts=1764547200123 level=info"]);
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
    leavesAlone("phone", ["on 2026-12-01 at 12:30", "version 16.4.6", "total 1,234.50", "turn 12 of 40"]);
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
  it("redacts every string at any depth but keeps ids, times and names", () => {
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
    expect(out.call.telephony_params).toEqual({ from: "[phone]", to: "[phone]" });
    expect(out.call.transcript[0].text).toBe("email me at [email]");
    expect(out.call.transcript[0].tool_calls[0]).toEqual({ name: "lookup", arguments: { q: ["[card]"] } });
    expect(counts).toEqual({ card: 3, email: 1 });
    expect(input.call.summary).toContain("4111");
  });

  it("reads the kinds of the setting", () => {
    expect(parseKinds("card, EMAIL")).toEqual(["card", "email"]);
    expect(parseKinds("none")).toEqual([]);
    expect(() => parseKinds("card,passport")).toThrow(/passport/);
  });
});

/** A card number in groups of four (the last one shorter when it must). */
const inFours = (digits: string) => digits.match(/.{1,4}/g)!;

describe("written forms that used to get through", () => {
  it("cards with any separator between their groups: dots, slashes, underscores, no-break spaces, line breaks, dashes", () => {
    const separators = [".", "/", "_", "\u00a0", "\u202f", "\n", "\r\n", "\u2013", "\u2014", " -- ", " - ", " / ", "-", " ", ","];
    fc.assert(
      fc.property(cardNumber, fc.constantFrom(...separators), sentence, (digits, separator, [before, after]) => {
        const counts: RedactionCounts = {};
        expect(redactText(`${before} ${inFours(digits).join(separator)} ${after}`, policy("card"), counts)).toBe(`${before} [card] ${after}`);
        expect(counts).toEqual({ card: 1 });
      }),
      { numRuns: 500 },
    );
  });

  it("full-width and other Unicode decimal digits, with the text around them kept as written", () => {
    // Full-width, Arabic-Indic, Devanagari, Bengali, Thai, mathematical bold: each a row of ten digits from its zero.
    const zeros = [0xff10, 0x0660, 0x06f0, 0x0966, 0x09e6, 0x0e50, 0x1d7ce];
    const inScript = (digits: string, zero: number) => [...digits].map((d) => String.fromCodePoint(zero + Number(d))).join("");
    fc.assert(
      fc.property(cardNumber, fc.constantFrom(...zeros), fc.constantFrom(" ", "-", "\u3000"), (digits, zero, separator) => {
        const text = `ｃａｒｄ：${inFours(digits)
          .map((g) => inScript(g, zero))
          .join(separator)} ありがとう`;
        expect(redactText(text, policy("card"))).toBe("ｃａｒｄ：[card] ありがとう");
      }),
      { numRuns: 300 },
    );
    expect(redactText("call ＋１ ４１５ ５５５ ２６７１ now", policy("phone"))).toBe("call [phone] now");
    expect(redactText("ssn ١٢٣-٤٥-٦٧٨٩ ok", policy("ssn"))).toBe("ssn [ssn] ok");
  });

  /** A valid North American number: area and exchange codes start 2 to 9. */
  const nanp = fc
    .tuple(
      fc.integer({ min: 2, max: 9 }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 2, max: 9 }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 9999 }),
    )
    .map(([a, b, c, d, e]) => `${a}${String(b).padStart(2, "0")}${c}${String(d).padStart(2, "0")}${String(e).padStart(4, "0")}`)
    .filter((n) => !/^\d11/.test(n) && !/^\d{3}\d11/.test(n));

  it("spoken phone numbers, digit by digit, with or without the calling code", () => {
    const SPOKEN = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
    fc.assert(
      fc.property(nanp, fc.constantFrom("", "one ", "plus one "), fc.constantFrom(" ", ", ", "-"), fc.boolean(), (digits, prefix, separator, oh) => {
        const spoken = [...digits].map((d) => (d === "0" && oh ? "oh" : SPOKEN[Number(d)])).join(separator);
        const counts: RedactionCounts = {};
        expect(redactText(`you can call me on ${prefix}${spoken} any time`, policy("phone"), counts)).toBe("you can call me on [phone] any time");
        expect(counts).toEqual({ phone: 1 });
      }),
      { numRuns: 300 },
    );
    // Mixed with written groups, and a British number read with "oh" for its trunk zero.
    expect(redactText("it's six five zero, 253 0000", policy("phone"))).toBe("it's [phone]");
    expect(redactText("ring oh two oh seven nine four six oh nine five eight", { kinds: ["phone"], phoneRegion: "GB" })).toBe("ring [phone]");
  });

  it("national numbers of the configured region, typed with any separators", () => {
    const separators = [" ", "-", ".", "/", "_", "\u2013", "\u2014", "", " - ", "\u00a0"];
    fc.assert(
      fc.property(nanp, fc.constantFrom(...separators), fc.constantFrom(...separators), fc.boolean(), (digits, first, second, brackets) => {
        const area = brackets ? `(${digits.slice(0, 3)})` : digits.slice(0, 3);
        const text = `ring ${area}${brackets && first === "" ? " " : first}${digits.slice(3, 6)}${second}${digits.slice(6)} today`;
        expect(redactText(text, policy("phone")), text).toBe("ring [phone] today");
      }),
      { numRuns: 500 },
    );
    const gb = { kinds: ["phone"] as RedactionKind[], phoneRegion: "GB" as const };
    for (const form of ["020 7946 0958", "020-7946-0958", "020.7946.0958", "020/7946/0958", "020_7946_0958", "07700 900123", "07700–900–123"]) {
      expect(redactText(`ring ${form} today`, gb), form).toBe("ring [phone] today");
    }
  });

  it("email addresses with non-ASCII local parts or domains", () => {
    for (const address of [
      "jürgen@müller.de",
      "josé.garcía@correo.es",
      "пользователь@пример.рф",
      "用户@例子.中国",
      "zoë+calls@xn--mller-kva.de",
      "ＪＯ＠ＥＸＡＭＰＬＥ．ＣＯＭ",
    ]) {
      const counts: RedactionCounts = {};
      expect(redactText(`write to ${address}, please`, policy("email"), counts), address).toBe("write to [email], please");
      expect(counts).toEqual({ email: 1 });
    }
    const letters = fc.stringMatching(/^[a-zäöüßéèçñøåæ]{1,12}$/);
    fc.assert(
      fc.property(letters, letters, fc.constantFrom("de", "com", "fr", "es"), (user, domain, tld) => {
        expect(redactText(`mail ${user}@${domain}.${tld} now`, policy("email"))).toBe("mail [email] now");
      }),
    );
  });

  it("email addresses as speech-to-text writes them", () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9]{1,10}$/).filter((w) => w !== "at" && w !== "dot");
    // A single word people say before "at" ("I am at …", "look at …") is not taken for a local part.
    const local = fc.array(word, { minLength: 1, maxLength: 3 }).filter((words) => words.length > 1 || !NOT_LOCAL.has(words[0]));
    const tld = fc.constantFrom("com", "org", "net", "io", "co dot uk", "de");
    fc.assert(
      fc.property(local, word, tld, fc.constantFrom(" dot ", " underscore ", "."), (local, domain, end, join) => {
        const spoken = `${local.join(join)} at ${domain} dot ${end}`;
        const counts: RedactionCounts = {};
        expect(redactText(`sure, it's ${spoken}, thanks`, policy("email"), counts), spoken).toBe("sure, it's [email], thanks");
        expect(counts).toEqual({ email: 1 });
      }),
      { numRuns: 300 },
    );
    expect(redactText("jane at example.com", policy("email"))).toBe("[email]");
    expect(redactText("jane@example dot com", policy("email"))).toBe("[email]");
    // "at" and "dot" are ordinary words too.
    leavesAlone("email", [
      "look at example dot com",
      "meet at the office at noon",
      "arrive at nine dot five",
      "we're at home dot",
      "connected at 10 dot 5 mbps",
    ]);
  });

  it("SSNs with dots, spaces, dashes or mixed separators", () => {
    const ssn = fc
      .tuple(fc.integer({ min: 1, max: 899 }), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 9999 }))
      .filter(([area]) => area !== 666)
      .map(([a, g, s]) => [String(a).padStart(3, "0"), String(g).padStart(2, "0"), String(s).padStart(4, "0")]);
    const separator = fc.constantFrom("-", " ", ".", " - ", "\u2013", " . ");
    fc.assert(
      fc.property(ssn, separator, separator, ([a, g, s], first, second) => {
        expect(redactText(`my social is ${a}${first}${g}${second}${s}, ok`, policy("ssn"))).toBe("my social is [ssn], ok");
      }),
      { numRuns: 300 },
    );
    leavesAlone("ssn", ["not 000-12-3456", "nor 123-45-67890", "nor 666.12.3456", "ip 123.45.67.89", "v123.45.6789.1"]);
  });

  it("IBANs with dots, spaces, dashes or mixed separators", () => {
    const ibans = [
      "DE89370400440532013000",
      "GB82WEST12345698765432",
      "FR1420041010050500013M02606",
      "NL91ABNA0417164300",
      "ES9121000418450200051332",
      "BE68539007547034",
    ];
    const between = fc.oneof(fc.constant(Array<string>(8).fill("")), fc.array(fc.constantFrom(" ", ".", "-", "\u2013"), { minLength: 8, maxLength: 8 }));
    fc.assert(
      fc.property(fc.constantFrom(...ibans), between, fc.boolean(), (iban, separators, lower) => {
        const grouped = inFours(lower ? iban.toLowerCase() : iban)
          .map((group, i) => (i ? separators[i - 1] : "") + group)
          .join("");
        expect(redactText(`pay to ${grouped} today`, policy("iban")), grouped).toBe("pay to [iban] today");
      }),
      { numRuns: 300 },
    );
    // A wrong check, the wrong length for the country, a number that runs on inside a group, groups not of four (a UUID's).
    leavesAlone("iban", [
      "DE89.3704.0044.0532.0130.01",
      "DE89 3704 0044 0532 0130",
      "DE89370400440532013000123",
      "be552ac9-6d1e-7fb3-8000-000000000000",
      "00000000-0000-1000-be42-b401699ab6b5",
    ]);
  });

  it("never takes part of a UUID for an IBAN, even one whose digits pass mod 97", () => {
    // A Belgian IBAN is 16 characters: put one, with its check digits made right, in every place of a UUID it could start.
    const checked = (bban: string) => {
      const cc = 98 - Number(BigInt([...`${bban}BE00`.toUpperCase()].map((c) => parseInt(c, 36)).join("")) % 97n);
      return `be${String(cc).padStart(2, "0")}${bban}`;
    };
    fc.assert(
      fc.property(fc.uuid(), fc.stringMatching(/^[0-9a-f]{12}$/), fc.integer({ min: 0, max: 19 }), (uuid, bban, at) => {
        const iban = checked(bban);
        expect(ibanValid(iban)).toBe(true);
        const hex = uuid.replaceAll("-", "");
        const mixed = hex.slice(0, at) + iban + hex.slice(at + 16);
        const text = [8, 4, 4, 4, 12]
          .reduce<string[]>(
            (parts, n, i, all) => [
              ...parts,
              mixed.slice(
                all.slice(0, i).reduce((a, b) => a + b, 0),
                all.slice(0, i + 1).reduce((a, b) => a + b, 0),
              ),
            ],
            [],
          )
          .join("-");
        expect(redactText(`item ${text} done`, policy("iban")), text).toBe(`item ${text} done`);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("what must not be taken for personal data", () => {
  const every = [ALL, { kinds: ALL.kinds, phoneRegion: "GB" as const }, { kinds: ALL.kinds, phoneRegion: "DE" as const }];
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  // Until 2033, when epoch seconds start with a 2 and look like ten-digit North American numbers, as they do to libphonenumber.
  const date = fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2033-05-01T00:00:00Z"), noInvalidDate: true });

  it("dates and times in the usual forms, ISO timestamps and epoch seconds and milliseconds", () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 7 }), (d, form) => {
        const [y, m, day, h, min, s] = [
          d.getUTCFullYear(),
          pad(d.getUTCMonth() + 1),
          pad(d.getUTCDate()),
          pad(d.getUTCHours()),
          pad(d.getUTCMinutes()),
          pad(d.getUTCSeconds()),
        ];
        const text = [
          d.toISOString(),
          `${y}-${m}-${day} ${h}:${min}:${s}`,
          `${day}/${m}/${y} ${h}:${min}`,
          `${m}/${day}/${y}`,
          `${day}.${m}.${y} ${h}:${min}`,
          `${y}/${m}/${day} ${h}:${min}:${s},123`,
          String(Math.floor(d.getTime() / 1000)),
          String(d.getTime()),
        ][form];
        for (const p of every) expect(redactText(`at ${text} the call began`, p), text).toBe(`at ${text} the call began`);
      }),
      { numRuns: 300 },
    );
  });

  it("versions, amounts, counts, ids and UUIDs", () => {
    const version = fc.tuple(fc.nat(30), fc.nat(99), fc.nat(999)).map(([a, b, c]) => `v${a}.${b}.${c}`);
    const amount = fc
      .tuple(fc.nat(99_999), fc.nat(99))
      .chain(([whole, cents]) =>
        fc.constantFrom(`$${whole.toLocaleString("en-US")}.${pad(cents)}`, `€${whole},${pad(cents)}`, `${whole.toLocaleString("de-DE")},${pad(cents)} EUR`),
      );
    const id = fc.oneof(
      fc.uuid(),
      fc.stringMatching(/^[0-9a-f]{32}$/).map((h) => `MZ${h}`),
      fc.stringMatching(/^[a-z0-9]{24}$/).map((s) => `agent_${s}`),
    );
    fc.assert(
      fc.property(fc.oneof(version, amount, id, fc.nat(1_000_000).map(String)), (text) => {
        for (const p of every) expect(redactText(`item ${text} done`, p), text).toBe(`item ${text} done`);
      }),
      { numRuns: 500 },
    );
  });
});

describe("JSON keys, numbers and the fields kept as sent", () => {
  it("redacts object keys like strings", () => {
    const counts: RedactionCounts = {};
    const out = redactJson({ "jane@example.com": { "4111 1111 1111 1111": true }, "jo@example.org": 1, "[email]": 2 }, ALL, counts);
    expect(out).toEqual({ "[email]": { "[card]": true }, "[email] (2)": 1, "[email] (3)": 2 });
    expect(counts).toEqual({ email: 2, card: 1 });
  });

  it("redacts JSON numbers like strings, and leaves figures alone", () => {
    const counts: RedactionCounts = {};
    const out = redactJson({ phone: 16502530000, card: 4111111111111111, tts_ttfb: 0.2345, turns: 12, big: 123456789, at: [1, 2.5] }, ALL, counts);
    expect(out).toEqual({ phone: "[phone]", card: "[card]", tts_ttfb: 0.2345, turns: 12, big: 123456789, at: [1, 2.5] });
    expect(counts).toEqual({ phone: 1, card: 1 });
    // The region's calling code without its "+", as a JSON number has it.
    expect(redactJson({ phone: 442079460958, not: 2079460958 }, { kinds: ["phone"], phoneRegion: "GB" })).toEqual({ phone: "[phone]", not: 2079460958 });
  });

  it("keeps the skip list's values only when they have the field's shape", () => {
    const counts: RedactionCounts = {};
    const input = {
      call_id: "MZ1f2a3b4c5d6e7f",
      agent_id: "agent_4111111111111111",
      user_id: "jane@example.com",
      caller_id: "+16502530000",
      turn_ids: ["t_1", "jo@example.com"],
      created_at: "2026-12-01T10:00:00.123Z",
      updated_at: "call me on +1 650 253 0000",
      duration_ms: 16502530000,
      wait_s: "12.5",
      hold_time: 1764547200,
      name: "get_weather",
      event: "jane@example.com",
      status: "completed",
      level: "warning",
      role: "user",
      source: "+16502530000",
      version: "16.4.6",
    };
    const out = redactJson(input, ALL, counts);
    expect(out).toEqual({
      ...input,
      user_id: "[email]",
      caller_id: "[phone]",
      turn_ids: ["t_1", "[email]"],
      updated_at: "call me on [phone]",
      event: "[email]",
      source: "[phone]",
    });
    expect(counts).toEqual({ email: 3, phone: 3 });
    expect(redactField("name", "payment_taken", ALL)).toBe("payment_taken");
    expect(redactField("name", "card 4111 1111 1111 1111", ALL)).toBe("card [card]");
    expect(redactField("level", "jo@example.com", ALL)).toBe("[email]");
  });

  it("redacts the call's routing numbers when phone numbers are redacted, and keeps them otherwise", () => {
    const call = { telephony_params: { from: "+15555550142", to: "07700 900123", direction: "inbound", call_sid: "CA123", note: "jo@example.com" } };
    const counts: RedactionCounts = {};
    expect(redactJson(call, ALL, counts)).toEqual({
      telephony_params: { from: "[phone]", to: "[phone]", direction: "inbound", call_sid: "CA123", note: "[email]" },
    });
    // Not counted: every call has them, and they are not what was said.
    expect(counts).toEqual({ email: 1 });
    expect(redactJson(call, policy("card", "email"))).toEqual({ telephony_params: { ...call.telephony_params, note: "[email]" } });
  });
});

describe("a time budget", () => {
  const delivery = {
    type: "call_completed",
    request_id: "MZ1f2a3b4c5d6e7f",
    timestamp: "2026-12-01T10:00:00Z",
    call: {
      summary: "card 4111 1111 1111 1111",
      duration_s: 12.5,
      telephony_params: { from: "+14155552671" },
      transcript: [{ role: "user", text: "mail jo@example.com", start_timestamp: 3.1, "odd key with jo@example.com": 1, big: 16502530000 }],
    },
  };

  it("within the budget, is the same as without one", () => {
    const counts: RedactionCounts = {};
    const expected = redactJson(delivery, ALL, counts);
    expect(redactJsonWithin(delivery, ALL, 60_000)).toEqual({ value: expected, counts, timedOut: false });
  });

  it("past the budget, keeps the value with every text field replaced, and only what identifies and places it", () => {
    // A clock that moves a second each time it is read: the first check is past any budget.
    let now = 0;
    const result = redactJsonWithin(delivery, ALL, 500, () => (now += 1000));
    expect(result.timedOut).toBe(true);
    expect(result.value).toEqual({
      type: "call_completed",
      request_id: "MZ1f2a3b4c5d6e7f",
      timestamp: "2026-12-01T10:00:00Z",
      call: {
        summary: TIMED_OUT,
        duration_s: 12.5,
        telephony_params: { from: "[phone]" },
        transcript: [{ role: "user", text: TIMED_OUT, start_timestamp: 3.1, [TIMED_OUT]: 1, big: TIMED_OUT }],
      },
    });
    expect(JSON.stringify(result.value)).not.toMatch(/4111|jo@|2671|1650/);
  });

  it("gives up inside one long string, not only between strings", () => {
    let reads = 0;
    const long = { text: "one ".repeat(200_000) };
    const result = redactJsonWithin(long, ALL, 50, () => (reads++ < 20 ? 0 : 1000));
    expect(result).toMatchObject({ timedOut: true, value: { text: TIMED_OUT } });
    expect(reads).toBeGreaterThan(20);
  });
});

describe("ids and measurements next to numbers", () => {
  it("keeps a UUID whose last group is all digits, and still finds a phone number beside it", () => {
    expect(redactText("item 00000000-0000-1000-982f-010000000000 done", ALL)).toBe("item 00000000-0000-1000-982f-010000000000 done");
    expect(redactText("id 123e4567-e89b-12d3-a456-426614174000, call 415-555-2671", ALL)).toBe("id 123e4567-e89b-12d3-a456-426614174000, call [phone]");
  });

  it("keeps fractional JSON numbers, which are measurements, and redacts whole ones", () => {
    expect(redactJson({ tts_ttfb: 0.4155552671, gap: 4155552671 }, ALL)).toEqual({ tts_ttfb: 0.4155552671, gap: "[phone]" });
  });
});
