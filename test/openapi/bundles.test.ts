/**
 * What each Lambda carries: the OpenAPI generator (and zod's JSON Schema conversion with it)
 * is in none (/openapi.json serves the committed document), the routes that never touch
 * the table leave the AWS SDK out, and each handler carries its own area's route module
 * only (functions/http/routes/<area>.ts). Every handler is bundled here as the stack
 * bundles it (infra/constructs/bundling.ts) and its inputs are checked.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { RouteSpec } from '#http/route-spec.ts';
import { routes } from '#http/routes/index.ts';
import { getOpenApiRoute } from '#http/routes/system.ts';
import { bundlingFor } from '#infra/constructs/bundling.ts';

const root = resolve(import.meta.dirname, '../..');
const GENERATOR = 'functions/http/openapi.ts';
const ROUTE_MODULES = 'functions/http/routes/';

/**
 * Every handler's bundle: its inputs and size. Handlers with the same options are bundled in
 * one esbuild run (as many outputs, one parse of what they share).
 */
const bundleAll = async (handlers: string[]) => {
  const groups = new Map<string, { options: object; entries: string[] }>();
  for (const h of handlers) {
    const entry = `functions/http/${h}`;
    const { nodeModules: _shippedBeside, sourcemap: _map, ...options } = bundlingFor(entry);
    const key = JSON.stringify(options);
    groups.set(key, { options, entries: [...(groups.get(key)?.entries ?? []), entry] });
  }
  const byEntry = new Map<string, { inputs: string[]; bytes: number }>();
  for (const { options, entries } of groups.values()) {
    const out = await build({
      ...options,
      entryPoints: entries.map((e) => resolve(root, e)),
      outdir: resolve(root, 'dist-bundles-test'),
      outbase: resolve(root, 'functions/http'),
      absWorkingDir: root,
      bundle: true,
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    for (const o of Object.values(out.metafile.outputs))
      if (o.entryPoint) byEntry.set(o.entryPoint, { inputs: Object.keys(o.inputs), bytes: o.bytes });
  }
  return handlers.map((h) => {
    const b = byEntry.get(`functions/http/${h}`);
    if (!b) throw new Error(`no bundle for ${h}`);
    return { h, ...b };
  });
};

/** Each route's area module (the module under functions/http/routes/ that exports its spec). */
const areaModuleOf = async (): Promise<Map<string, string>> => {
  const areaOf = new Map<string, string>();
  for (const file of readdirSync(resolve(root, ROUTE_MODULES)).filter((f) => f !== 'index.ts')) {
    const mod = (await import(resolve(root, ROUTE_MODULES, file))) as Record<string, Partial<RouteSpec>>;
    for (const spec of Object.values(mod)) if (spec.id) areaOf.set(spec.id, `${ROUTE_MODULES}${file}`);
  }
  return areaOf;
};

describe('Lambda bundles', () => {
  it('keep the OpenAPI generator out of every handler, and the AWS SDK out of the table-free ones', async () => {
    const handlers = [...new Set(routes.map((r) => r.handler))];
    const bundles = await bundleAll(handlers);
    // /openapi.json serves the committed document (kept current by openapi.test.ts).
    for (const { h, inputs } of bundles) expect(inputs.includes(GENERATOR), h).toBe(false);
    // Routes that never touch the table (access `none`: the system area's and the points rules)
    // start without the AWS SDK.
    const tableFree = new Set(routes.filter((r) => r.access === 'none').map((r) => r.handler));
    expect([...tableFree].some((h) => !h.startsWith('system/'))).toBe(true);
    for (const { h, inputs } of bundles)
      expect(
        inputs.some((i) => i.includes('@aws-sdk/')),
        h,
      ).toBe(!tableFree.has(h));
    // Its own area's route module only: never the index, never another area's specs.
    const areaOf = await areaModuleOf();
    for (const { h, inputs } of bundles) {
      const own = routes.filter((r) => r.handler === h).map((r) => areaOf.get(r.id));
      expect(
        inputs.filter((i) => i.startsWith(ROUTE_MODULES)),
        `${h} carries route modules other than its area's`,
      ).toEqual([...new Set(own)]);
    }
    // So a table-free route carries no other area's domain: the health check no idea rules.
    const health = bundles.find((b) => b.h === 'system/health.ts');
    expect(health?.inputs).not.toContain('domain/ideas.ts');
    const sizes = bundles.map((b) => b.bytes);
    console.log(
      `bundles: ${bundles.length} handlers, ${Math.round(Math.min(...sizes) / 1024)}–${Math.round(Math.max(...sizes) / 1024)} KiB; ` +
        `${getOpenApiRoute.handler} ${Math.round((bundles.find((b) => b.h === getOpenApiRoute.handler)?.bytes ?? 0) / 1024)} KiB`,
    );
  }, 180_000); // bundles every handler; slow on a loaded 2-core machine
});
