/** What a create form shows after its action ran: the secret, key or password made, shown once, or why none was. */
export type ShownOnce = { value: string; label: string } | { error: string } | null;
