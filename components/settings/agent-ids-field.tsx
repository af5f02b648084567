import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

/** The agents field of the API key form: ingest keys bound to these agents are refused for any other agent's calls. */
export function AgentIdsField() {
  return (
    <Field label="Agents (ingest keys; empty: any)" className="min-w-0">
      <Input name="agent_ids" type="text" maxLength={2000} placeholder="agent_support, agent_sales" className="w-64 max-w-full" />
    </Field>
  );
}
