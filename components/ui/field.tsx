import { cloneElement, type ReactElement, type ReactNode, useId } from "react";
import { cn } from "./cn";

type ControlProps = { id?: string; className?: string; "aria-describedby"?: string; "aria-invalid"?: boolean };

/**
 * A label above its control, with a hint or an error below it. The control
 * (one element: an Input, a Select, or a field of the same props) is given
 * the id the label points at and is described by the hint and the error, so
 * a screen reader reads them with it. `compact` is the filter bars' style:
 * normal weight, no gap between label and control.
 */
export function Field({
  label,
  hint,
  error,
  id,
  compact = false,
  className,
  hintClassName,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  /** the control's id; made up when neither this nor the control gives one */
  id?: string;
  compact?: boolean;
  className?: string;
  hintClassName?: string;
  children: ReactElement<ControlProps>;
}) {
  const made = useId();
  const controlId = id ?? children.props.id ?? made;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const describedBy = [children.props["aria-describedby"], hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("flex max-w-full min-w-0 flex-col text-xs text-zinc-600 dark:text-zinc-400", !compact && "font-medium", className)}>
      <label htmlFor={controlId}>{label}</label>
      {cloneElement(children, {
        id: controlId,
        "aria-describedby": describedBy,
        "aria-invalid": error ? true : children.props["aria-invalid"],
        className: cn(!compact && "mt-1", children.props.className),
      })}
      {hint ? (
        <span id={hintId} className={cn("mt-1 font-normal text-zinc-500", hintClassName)}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={errorId} className="mt-1 font-normal text-red-700 dark:text-red-400">
          {error}
        </span>
      ) : null}
    </div>
  );
}
