/**
 * Stands in for `brotli/decompress.js` in the card functions' bundles (esbuild alias,
 * infra/constructs/bundling.ts): fontkit needs Brotli only to read WOFF2, and the card
 * reads TTF, so the 475 KB decoder would only lengthen every cold start.
 */
export default (): never => {
  throw new Error('WOFF2 is not supported here: the share card reads its fonts as TTF');
};
