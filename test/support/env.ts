/** Store modules read their configuration at import: point them at the test table. */
import { inject } from 'vitest';

process.env.TABLE_NAME = inject('tableName');
process.env.DYNAMODB_ENDPOINT = inject('dynamoEndpoint');
process.env.CURSOR_SECRET = inject('cursorSecret');
process.env.AWS_REGION = 'me-south-1';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
// In-process handlers share one caller across many writes: lift the per-minute quota as the
// test server does (infra/local/spawn.ts); test/e2e/write-quota.test.ts checks the real one.
process.env.WRITE_QUOTA_PER_MINUTE = '1000000';
