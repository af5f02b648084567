import type { Metadata } from "next";
import { CreateOnceForm } from "@/components/settings/create-once-form";
import { RoleSelect } from "@/components/settings/role-select";
import { SettingsShell } from "@/components/settings/settings-shell";
import { UserRowActions } from "@/components/settings/user-row-actions";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { requireAdmin } from "@/lib/auth/session";
import { listUsers } from "@/lib/auth/users";
import { createUserAction, removeUserAction, setUserRoleAction } from "@/lib/auth/user-actions";
import { DataTable } from "@/components/ui/data-table";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requireAdmin();
  const users = await listUsers();
  return (
    <SettingsShell active="/settings/users">
      <Card>
        <h2 className="text-lg font-semibold">Users</h2>
        <p className="mt-1 mb-3 text-sm text-zinc-600 dark:text-zinc-400">
          <strong>admins</strong> manage settings, webhook secrets, API keys and users; <strong>members</strong> browse calls, listen and export. There is no
          sign-up: a new user gets a generated password, shown once here, to pass on.
        </p>
        <DataTable label="Users" columns={["Email", "Role", "Created", "Last active", ""]} className="mb-4">
          {users.map((u) => (
            <tr key={u.id}>
              <td className="py-1.5 pr-4">
                {u.email} {u.id === me.id ? <span className="text-xs text-zinc-500">(you)</span> : null}
              </td>
              <td className="py-1.5 pr-4">
                <Badge tone={u.role === "admin" ? "blue" : "gray"}>{u.role}</Badge>
              </td>
              <td className="py-1.5 pr-4">
                <LocalTime iso={u.createdAt.toISOString()} relative={false} />
              </td>
              <td className="py-1.5 pr-4">{u.sessions[0] ? <LocalTime iso={u.sessions[0].updatedAt.toISOString()} relative={false} /> : "never"}</td>
              <td className="py-1.5">
                <UserRowActions id={u.id} email={u.email} role={u.role} setRole={setUserRoleAction} remove={removeUserAction} />
              </td>
            </tr>
          ))}
        </DataTable>
        <CreateOnceForm
          action={createUserAction}
          submitLabel="Add user"
          what="password for"
          field={{ name: "email", label: "Email", type: "email", placeholder: "name@example.com" }}
        >
          <RoleSelect roles={["member", "admin"]} />
        </CreateOnceForm>
      </Card>
    </SettingsShell>
  );
}
