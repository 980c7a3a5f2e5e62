/**
 * Starts the local server exactly as `npm start` does, on free ports, with DynamoDB Local
 * in memory, and hands its addresses to the tests.
 */
import type { TestProject } from 'vitest/node';
import { spawnLocalServer } from '#infra/local/spawn.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    dynamoEndpoint: string;
    tableName: string;
    cursorSecret: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await spawnLocalServer({ tableName: 'sca-test', cursorSecret: 'test-cursor-secret' });
  project.provide('baseUrl', server.baseUrl);
  project.provide('dynamoEndpoint', server.dynamoEndpoint);
  project.provide('tableName', server.tableName);
  project.provide('cursorSecret', server.cursorSecret);
  return server.stop;
}
