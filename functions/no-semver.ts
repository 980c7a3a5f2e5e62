/**
 * Stands in for `semver` in every bundle (esbuild alias, infra/constructs/bundling.ts). The
 * X-Ray SDK (under Powertools Tracer) imports it in one place only, its AWS SDK v2 patcher
 * (`captureAWS`, `captureAWSClient`: `semver.gte(awssdk.VERSION, …)`), which these functions
 * never call: they use SDK v3 and `captureAWSv3Client`. That saves 28 KB of every traced
 * bundle. test/functions/observability.test.ts checks that nothing else imports it.
 */
const unsupported = (): never => {
  throw new Error('semver is not bundled: the X-Ray SDK v2 patcher (captureAWS) is not used here');
};

export const gte = unsupported;
export default { gte };
