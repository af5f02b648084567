/**
 * The API's names of the filters the console calls otherwise: the one list of
 * renames, read by the API, written by the CLI and shown in the OpenAPI
 * document. No imports, so that the CLI can load it from any directory.
 */
export const API_FILTER_NAMES = { agent: "agent_id", deployment: "deployment_id", batch: "batch_id" } as const;
