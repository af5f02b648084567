/** One line of a log viewer: a call's logging statements or a deployment's logs. */
export type LogLine = {
  id: string;
  /** as shown: a call offset, a wall time, or a line number */
  time: string | null;
  /** more about the time, shown on hover */
  title?: string;
  level: string | null;
  message: string;
  source?: string | null;
  /** where the statement is in the code (module:function:line), shown in small type */
  codeLocation?: string | null;
};
