// Prisma's schema engine, compiled to WebAssembly: migrations need no native
// binary, which this project cannot download at install time. The package is
// pinned in package.json to the build that matches prisma 7.10.0
// (@prisma/schema-engine-wasm 7.10.0-4.0edf323efd1d98336f3f0a68684b56f689b900d3);
// move both together.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

type SchemaEngineModule = typeof import("@prisma/schema-engine-wasm");
export type SchemaEngine = Awaited<ReturnType<SchemaEngineModule["SchemaEngine"]["new"]>>;

let enginePromise: Promise<SchemaEngineModule["SchemaEngine"]> | undefined;

export function loadSchemaEngine() {
  enginePromise ??= (async () => {
    // The package's main entry imports the .wasm file as an ES module, which
    // Node does not load; instantiate it by hand instead.
    const bg = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as SchemaEngineModule & {
      __wbg_set_wasm: (exports: WebAssembly.Exports) => void;
    };
    const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
    const compiled = await WebAssembly.compile(readFileSync(wasmPath));
    const instance = new WebAssembly.Instance(compiled, { "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg.SchemaEngine;
  })();
  return enginePromise;
}
