/** One line of a log viewer: a call's logging statements or a deployment's logs. */
export type LogLine = { id: string; time: string | null; level: string | null; message: string; source?: string | null };
