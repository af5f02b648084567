/** The role field of a create form: `roles` in the order offered, the first one chosen. */
export function RoleSelect({ roles }: { roles: readonly string[] }) {
  return (
    <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
      Role
      <select
        name="role"
        defaultValue={roles[0]}
        className="mt-1 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
      >
        {roles.map((role) => (
          <option key={role} value={role}>
            {role}
          </option>
        ))}
      </select>
    </label>
  );
}
