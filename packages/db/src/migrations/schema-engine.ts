import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import { createMigrationAdapterFactory } from "./migration-adapter";

export type SchemaEngine = bg.SchemaEngine;
export type { MigrationList, SchemaContainer } from "@prisma/schema-engine-wasm/schema_engine_bg";

// this package compiles without lib "dom"; the part of WebAssembly used here:
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, object>) => { exports: Record<string, unknown> };
};

let wasmReady = false;

/**
 * The engine reports a Rust panic's message here, then traps with "unreachable" outside any
 * pending promise (the call never settles): print the message so the cause is visible.
 */
function installPanicRegistry(): void {
  (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = {
    set_message: (message: string) => console.error(`Prisma schema engine panicked: ${message}`),
  };
}

/** Node 20 cannot import the package's .wasm as ESM, so it is instantiated here, once per process. */
function loadSchemaEngineWasm(): void {
  if (wasmReady) return;
  installPanicRegistry();
  const require = createRequire(import.meta.url);
  const wasmFile = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
  const module = new WebAssembly.Module(readFileSync(wasmFile));
  const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  wasmReady = true;
}

/**
 * Prisma's real schema engine (WebAssembly) over a driver adapter to `databaseUrl`: it diffs and
 * creates migrations with no native engine. Call `free()` on it when done.
 */
export async function openSchemaEngine(p: {
  databaseUrl: string;
  schema: { path: string; content: string };
  log?: (line: string) => void;
}): Promise<SchemaEngine> {
  loadSchemaEngineWasm();
  const adapterFactory = bindMigrationAwareSqlAdapterFactory(createMigrationAdapterFactory(p.databaseUrl));
  const log = p.log ?? (() => {});
  return bg.SchemaEngine.new({ datamodels: [[p.schema.path, p.schema.content]] }, (line: string) => log(line), adapterFactory);
}
