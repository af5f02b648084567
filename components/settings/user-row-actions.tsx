"use client";

import { useActionState } from "react";
import type { UserActionState } from "@/lib/auth/user-actions";

type Action = (state: UserActionState, form: FormData) => Promise<UserActionState>;

/** Change a user's role or remove them; refusals (the last admin) show beside the row. */
export function UserRowActions({ id, email, role, setRole, remove }: { id: string; email: string; role: string; setRole: Action; remove: Action }) {
  const [roleState, roleAction, rolePending] = useActionState(setRole, null);
  const [removeState, removeAction, removePending] = useActionState(remove, null);
  const other = role === "admin" ? "member" : "admin";
  const error = roleState?.error ?? removeState?.error;
  return (
    <div>
      <div className="flex items-center justify-end gap-2 whitespace-nowrap">
        <form action={roleAction}>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="role" value={other} />
          <button
            type="submit"
            disabled={rolePending}
            aria-label={`Make ${email} ${other}`}
            className="rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            Make {other}
          </button>
        </form>
        <form action={removeAction}>
          <input type="hidden" name="id" value={id} />
          <button
            type="submit"
            disabled={removePending}
            aria-label={`Remove ${email}`}
            className="rounded border border-red-300 px-2 py-0.5 text-xs text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950"
          >
            Remove
          </button>
        </form>
      </div>
      {error ? (
        <p role="alert" className="w-full text-right text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
