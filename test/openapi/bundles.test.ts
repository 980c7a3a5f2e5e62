/**
 * What each Lambda carries: the OpenAPI generator (and zod's JSON Schema conversion with it)
 * is in none (/openapi.json serves the committed document), and the routes that never touch
 * the table leave the AWS SDK out. Every handler is bundled here as the stack bundles it
 * (esbuild, ESM, minified) and its inputs are checked.
 */
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { routes } from '#http/routes/index.ts';
import { getOpenApiRoute } from '#http/routes/system.ts';

const root = resolve(import.meta.dirname, '../..');
const GENERATOR = 'functions/http/openapi.ts';

const bundle = async (handler: string) => {
  const out = await build({
    entryPoints: [resolve(root, 'functions/http', handler)],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { inputs: Object.keys(out.metafile.inputs), bytes: out.outputFiles[0]?.contents.byteLength ?? 0 };
};

describe('Lambda bundles', () => {
  it('keep the OpenAPI generator out of every handler, and the AWS SDK out of the table-free ones', async () => {
    const handlers = [...new Set(routes.map((r) => r.handler))];
    const bundles = await Promise.all(handlers.map(async (h) => ({ h, ...(await bundle(h)) })));
    // /openapi.json serves the committed document (kept current by openapi.test.ts).
    for (const { h, inputs } of bundles) expect(inputs.includes(GENERATOR), h).toBe(false);
    // Routes that never touch the table start without the AWS SDK.
    for (const { h, inputs } of bundles)
      expect(
        inputs.some((i) => i.includes('@aws-sdk/')),
        h,
      ).toBe(!h.startsWith('system/'));
    const sizes = bundles.map((b) => b.bytes);
    console.log(
      `bundles: ${bundles.length} handlers, ${Math.round(Math.min(...sizes) / 1024)}–${Math.round(Math.max(...sizes) / 1024)} KiB; ` +
        `${getOpenApiRoute.handler} ${Math.round((bundles.find((b) => b.h === getOpenApiRoute.handler)?.bytes ?? 0) / 1024)} KiB`,
    );
  }, 180_000); // bundles every handler; slow on a loaded 2-core machine
});
