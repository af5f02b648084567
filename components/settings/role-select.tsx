import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";

/** The role field of a create form: `roles` in the order offered, the first one chosen. */
export function RoleSelect({ roles }: { roles: readonly string[] }) {
  return (
    <Field label="Role">
      <Select name="role" defaultValue={roles[0]}>
        {roles.map((role) => (
          <option key={role} value={role}>
            {role}
          </option>
        ))}
      </Select>
    </Field>
  );
}
