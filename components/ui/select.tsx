import type { ComponentProps } from "react";
import { type ControlSize, controlVariants } from "./input";

/** A native select drawn like the console's text fields. */
export function Select({ size, className, ...props }: Omit<ComponentProps<"select">, "size"> & { size?: ControlSize }) {
  return <select className={controlVariants({ size, className })} {...props} />;
}
