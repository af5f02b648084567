/** The agents field of the API key form: ingest keys bound to these agents are refused for any other agent's calls. */
export function AgentIdsField() {
  return (
    <label className="flex min-w-0 flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
      Agents (ingest keys; empty: any)
      <input
        name="agent_ids"
        type="text"
        maxLength={2000}
        placeholder="agent_support, agent_sales"
        className="mt-1 w-64 max-w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
      />
    </label>
  );
}
