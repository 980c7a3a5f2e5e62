/**
 * The share card as PNG: the SVG of domain/showcase.ts drawn by resvg (WebAssembly, so the
 * same build runs on Lambda arm64 and anywhere else, with no native binary), with the
 * embedded Cairo files and no system fonts, so the server's fonts never change the result.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { fontFiles } from './card-font.ts';

const require = createRequire(import.meta.url);

// Once per cold start; a second initWasm throws, so every caller shares this promise.
const ready = initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));

const fontBuffers = [new Uint8Array(fontFiles[400]), new Uint8Array(fontFiles[700])];

/**
 * Renders an SVG at its own size, or `width` pixels wide (its height in proportion); the RGBA
 * pixels too, for tests that look at them.
 */
export const renderSvg = async (
  svg: string,
  width?: number,
): Promise<{ png: Uint8Array; width: number; height: number; pixels: Uint8Array }> => {
  await ready;
  const resvg = new Resvg(svg, {
    font: { fontBuffers, loadSystemFonts: false, defaultFontFamily: 'Cairo' },
    ...(width ? { fitTo: { mode: 'width' as const, value: width } } : {}),
  });
  const image = resvg.render();
  try {
    return { png: image.asPng(), width: image.width, height: image.height, pixels: image.pixels };
  } finally {
    // WebAssembly memory is not garbage-collected: a warm function would grow with each card.
    image.free();
    resvg.free();
  }
};
