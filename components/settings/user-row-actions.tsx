"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
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
          <Button type="submit" size="xs" disabled={rolePending} aria-label={`Make ${email} ${other}`}>
            Make {other}
          </Button>
        </form>
        <form action={removeAction}>
          <input type="hidden" name="id" value={id} />
          <Button type="submit" variant="danger" size="xs" disabled={removePending} aria-label={`Remove ${email}`}>
            Remove
          </Button>
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
