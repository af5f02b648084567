import { requireAdmin } from "@/lib/auth/session";

// Settings hold secrets, keys and users: admins only.
export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  await requireAdmin();
  return children;
}
