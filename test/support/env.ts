/** Store modules read their configuration at import: point them at the test table. */
import { inject } from 'vitest';
import { LOCAL_USER_POOL_ID } from '#infra/local/cognito.ts';
import { LOCAL_STAFF_AUDIENCE } from '#infra/local/tokens.ts';

process.env.TABLE_NAME = inject('tableName');
process.env.DYNAMODB_ENDPOINT = inject('dynamoEndpoint');
process.env.CURSOR_SECRET = inject('cursorSecret');
process.env.AWS_REGION = 'me-south-1';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
// In-process handlers share one caller across many writes: lift the per-minute quota as the
// test server does (infra/local/spawn.ts); test/e2e/write-quota.test.ts checks the real one.
process.env.WRITE_QUOTA_PER_MINUTE = '1000000';
// The user pool as the local server presents it (infra/local/start.ts, docs/identity.md).
process.env.STAFF_CLIENT_ID = LOCAL_STAFF_AUDIENCE;
process.env.USER_POOL_ID = LOCAL_USER_POOL_ID;
process.env.COGNITO_ENDPOINT = `${inject('baseUrl')}/_local/cognito/`;
