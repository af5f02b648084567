"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/lib/auth/auth-client";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

const input = "mt-1 w-full focus:outline-2 focus:outline-emerald-600 dark:bg-zinc-950";

export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const { error } = await authClient.signIn.email({ email: String(form.get("email")), password: String(form.get("password")) });
    if (error) {
      setBusy(false);
      setError(error.status === 429 ? "Too many attempts. Wait a minute and try again." : "Wrong email or password.");
      return;
    }
    router.replace(next);
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      <label className="block text-sm font-medium">
        Email
        <Input name="email" type="email" autoComplete="username" required size="lg" className={input} />
      </label>
      <label className="block text-sm font-medium">
        Password
        <Input name="password" type="password" autoComplete="current-password" required size="lg" className={input} />
      </label>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <Button type="submit" variant="success" size="lg" disabled={busy} className="w-full disabled:opacity-60">
        {busy ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
