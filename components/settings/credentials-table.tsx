import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { LocalTime } from "@/components/ui/local-time";

export type Credential = { id: string; label: string; hint: string; role?: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

/** API keys or webhook secrets: never their values, only how to tell them apart, when they were used, and a way to revoke them. */
export function CredentialsTable({
  label,
  items,
  revokeAction,
  empty,
  withRole = false,
}: {
  label: string;
  items: Credential[];
  revokeAction: (form: FormData) => Promise<void>;
  empty: string;
  withRole?: boolean;
}) {
  const columns = ["Label", ...(withRole ? ["Role"] : []), "Begins with", "Created", "Last used", "State", ""];
  return (
    <DataTable label={label} columns={columns} nowrap className="mb-4">
      {items.map((item) => (
        <tr key={item.id}>
          <td className="py-1.5">{item.label}</td>
          {withRole ? <td className="py-1.5">{item.role}</td> : null}
          <td className="py-1.5 font-mono text-xs">{item.hint}…</td>
          <td className="py-1.5">
            <LocalTime iso={item.createdAt.toISOString()} />
          </td>
          <td className="py-1.5">{item.lastUsedAt ? <LocalTime iso={item.lastUsedAt.toISOString()} /> : "never"}</td>
          <td className="py-1.5">{item.revokedAt ? <Badge tone="gray">revoked</Badge> : <Badge tone="green">active</Badge>}</td>
          <td className="py-1.5 text-right">
            {!item.revokedAt ? (
              <form action={revokeAction}>
                <input type="hidden" name="id" value={item.id} />
                <Button type="submit" variant="danger" size="xs">
                  Revoke
                </Button>
              </form>
            ) : null}
          </td>
        </tr>
      ))}
      {items.length === 0 ? (
        <tr>
          <td colSpan={columns.length} className="py-2 text-zinc-500">
            {empty}
          </td>
        </tr>
      ) : null}
    </DataTable>
  );
}
