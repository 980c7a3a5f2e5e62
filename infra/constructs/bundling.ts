/**
 * How every Lambda bundle is built, once: the functions the stack deploys (ApiFunction,
 * JobFunction, through bundled-function.ts) and the cold-start benchmark
 * (bench/cold-start.ts) take their esbuild options from `bundlingFor`, so what the benchmark
 * measures is what the stack ships. No CDK import here: the benchmark runs it without one.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is infra/constructs/bundling.ts). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Functions that read files from npm packages at run time (functions/render/): the share
 * card's font files (TTF) and resvg's WebAssembly module. These packages ship beside the
 * bundle in its own node_modules (`nodeModules`), where require.resolve finds them as it
 * does locally; esbuild leaves them out of the bundle.
 */
export const RENDERING_ENTRIES: Readonly<Record<string, readonly string[]>> = {
  'functions/http/showcase/card.ts': ['@expo-google-fonts/cairo'],
  'functions/http/showcase/card-png.ts': ['@expo-google-fonts/cairo', '@resvg/resvg-wasm'],
};

/** fontkit's WOFF2 decoder (Brotli) is left out of rendering bundles: functions/render/no-woff2.ts. */
const NO_WOFF2 = { 'brotli/decompress.js': './functions/render/no-woff2.ts' } as const;

/** The X-Ray SDK's only use of semver is its SDK v2 patcher, never called: functions/no-semver.ts. */
const NO_SEMVER = { semver: './functions/no-semver.ts' } as const;

export interface LambdaBundling {
  format: 'esm';
  target: 'node24';
  platform: 'node';
  minify: true;
  /** Error class names stay readable in logs despite minification. */
  keepNames: true;
  sourcemap: true;
  /** Stack traces need the mappings only; leaving the sources out halves the .map file. */
  sourcesContent: false;
  mainFields: string[];
  /**
   * Only the packages shipped beside the bundle (`nodeModules`): everything else is bundled,
   * the AWS SDK included, so the versions in package-lock.json are the ones that run, not
   * whatever the Lambda runtime happens to ship.
   */
  external: string[];
  /**
   * Some CommonJS dependencies call `require` (e.g. for Node built-ins); an ESM bundle has
   * none, so define one.
   */
  banner: { js: string };
  /** domain/regions.ts imports reference data as JSON (`with { type: 'json' }`). */
  loader: { '.json': 'json' };
  /** Module replacements, paths relative to the repository root. */
  alias: Record<string, string>;
  /** npm packages installed into the bundle's own node_modules, read at run time. */
  nodeModules: string[];
}

/** The esbuild options of the bundle of `entry` (relative to the repository root). */
export const bundlingFor = (entry: string): LambdaBundling => {
  const nodeModules = [...(RENDERING_ENTRIES[entry] ?? [])];
  return {
    format: 'esm',
    target: 'node24',
    platform: 'node',
    minify: true,
    keepNames: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    external: [...nodeModules],
    banner: {
      js: "import { createRequire as __sca_createRequire } from 'node:module'; const require = __sca_createRequire(import.meta.url);",
    },
    loader: { '.json': 'json' },
    alias: { ...NO_SEMVER, ...(nodeModules.length ? NO_WOFF2 : {}) },
    nodeModules,
  };
};
