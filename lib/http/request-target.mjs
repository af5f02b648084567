// A first look at the request's URL, before Next.js routes it: a path whose
// percent-encoding is broken (or is not UTF-8) cannot name anything here, and
// a NUL byte in the path or query can be stored nowhere (Postgres refuses it
// in text). Both are answered 400 at once, with the JSON error shape.
// Plain JavaScript, because the HTTP server (scripts/next-server.mjs) runs it.

/** Why the request target is refused, or null when it is fine. */
export function badRequestTarget(target) {
  const question = target.indexOf("?");
  const path = question < 0 ? target : target.slice(0, question);
  const query = question < 0 ? "" : target.slice(question + 1);
  for (const segment of path.split("/")) {
    let decoded;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return "The URL's path has broken percent-encoding (or bytes that are not UTF-8).";
    }
    if (decoded.includes("\0")) return "The URL's path holds a NUL byte.";
  }
  if (/%00/i.test(query) || query.includes("\0")) return "The URL's query holds a NUL byte, which no value can contain.";
  return null;
}

export function badRequestBody(message) {
  return JSON.stringify({ error: { code: "bad_request", message } });
}
