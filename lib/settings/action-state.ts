// What a settings form shows after its action ran.

/** A secret shown once after it was created, or why it was not. */
export type ShownOnce = { value: string; label: string } | { error: string } | null;

/** An error to show beside a user's row, or nothing. */
export type UserActionState = { error: string } | null;
