// Whether a string of digits is a valid phone number, by the numbering plans
// of libphonenumber-js (its "min" metadata, the same its isValid() reads):
// the national number's pattern and possible lengths of the country. Far
// cheaper than a parse, so the recognisers can ask it of every window of
// digits they see.
import type { CountryCode } from "libphonenumber-js";
import metadata from "libphonenumber-js/metadata.min.json";

type Plan = { callingCode: string; idd: string | null; pattern: RegExp; lengths: readonly number[]; prefix: string | null };

const plans = new Map<string, Plan | null>();

/** libphonenumber-js's compressed plan (source/metadata.js): [0] calling code, [1] international prefix, [2] national number pattern, [3] possible lengths, [5] national prefix. */
function planOf(country: string): Plan | null {
  let plan = plans.get(country);
  if (plan === undefined) {
    const raw: unknown[] | undefined = metadata.countries[country as CountryCode];
    plan =
      raw && typeof raw[2] === "string" && Array.isArray(raw[3])
        ? {
            callingCode: String(raw[0]),
            idd: typeof raw[1] === "string" && /^\d+$/.test(raw[1]) ? raw[1] : null,
            pattern: new RegExp(`^(?:${raw[2]})$`),
            lengths: raw[3].filter((n): n is number => typeof n === "number"),
            prefix: typeof raw[5] === "string" && /^\d+$/.test(raw[5]) ? raw[5] : null,
          }
        : null;
    plans.set(country, plan);
  }
  return plan;
}

const nationalValid = (digits: string, plan: Plan) => plan.lengths.includes(digits.length) && plan.pattern.test(digits);

/** After "+" (or the region's international prefix): a calling code and a national number valid in one of its countries. */
function internationalValid(digits: string): boolean {
  for (let k = 1; k <= 3 && k < digits.length; k++) {
    const countries: readonly string[] | undefined = metadata.country_calling_codes[digits.slice(0, k)];
    if (!countries) continue;
    const rest = digits.slice(k);
    for (const country of countries) {
      const plan = planOf(country);
      if (!plan) continue;
      // "+44 (0)20 …": the trunk prefix written in brackets after the calling code.
      if (nationalValid(rest, plan) || (plan.prefix && rest.startsWith(plan.prefix) && nationalValid(rest.slice(plan.prefix.length), plan))) return true;
    }
  }
  return false;
}

/**
 * A phone number: international after "+", or national in the region. Where
 * the region's trunk prefix is 0 (most of the world) a national number must
 * start with it, as people write them: without it, most nine- and ten-digit
 * figures (epoch seconds, say) would fit some plan.
 */
export function isPhoneNumber(digits: string, international: boolean, region: CountryCode): boolean {
  if (international) return internationalValid(digits);
  const plan = planOf(region);
  if (!plan) return false;
  if (plan.idd && digits.startsWith(plan.idd) && internationalValid(digits.slice(plan.idd.length))) return true;
  if (plan.prefix && digits.startsWith(plan.prefix) && nationalValid(digits.slice(plan.prefix.length), plan)) return true;
  // The region's own calling code without its "+", as a number loses it in JSON (442079460958): libphonenumber reads it so too.
  if (digits.startsWith(plan.callingCode) && !plan.pattern.test(digits) && nationalValid(digits.slice(plan.callingCode.length), plan)) return true;
  if (plan.prefix === "0") return false;
  return nationalValid(digits, plan);
}
