import { SelectField } from "@/components/ui/select-field";

/** The role field of a create form: `roles` in the order offered, the first one chosen. */
export function RoleSelect({ roles }: { roles: readonly string[] }) {
  return <SelectField label="Role" name="role" defaultValue={roles[0]} options={roles} />;
}
