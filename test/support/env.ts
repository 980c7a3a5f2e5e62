/** Store modules read their configuration at import: point them at the test table. */
import { inject } from 'vitest';

process.env.TABLE_NAME = inject('tableName');
process.env.DYNAMODB_ENDPOINT = inject('dynamoEndpoint');
process.env.CURSOR_SECRET = inject('cursorSecret');
process.env.AWS_REGION = 'me-south-1';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
