/** `npm run openapi`: writes the OpenAPI document to openapi.json (committed; a test keeps it current). */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildOpenApi } from '../functions/http/openapi.ts';

const file = resolve(import.meta.dirname, '../openapi.json');
writeFileSync(file, `${JSON.stringify(buildOpenApi(), null, 2)}\n`);
console.log(`wrote ${file}`);
