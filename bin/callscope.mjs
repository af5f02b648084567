#!/usr/bin/env node
// The `callscope` command: runs the TypeScript CLI through tsx.
import { register } from "tsx/esm/api";

register();
await import("../cli/index.ts");
