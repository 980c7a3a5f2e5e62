/** Where the seed writes: a free port for a DynamoDB Local of its own, or the one running. */
import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1. */
export const freePort = (): Promise<number> =>
  new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => ok(port));
    });
  });

/** Whether DynamoDB (Local) answers at `endpoint`. */
export const dynamoAnswers = async (endpoint: string): Promise<boolean> => {
  const { ListTablesCommand } = await import('@aws-sdk/client-dynamodb');
  const { localClient } = await import('#infra/local/dynamodb.ts');
  const client = localClient(endpoint);
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2000) });
    return true;
  } catch (err) {
    const code = (err as { code?: string; cause?: { code?: string } }).code;
    if (code === 'ECONNREFUSED' || (err as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED')
      return false;
    if (
      (err as { name?: string }).name === 'AbortError' ||
      (err as { name?: string }).name === 'TimeoutError'
    )
      throw new Error(`Something listens at ${endpoint} but does not answer as DynamoDB does.`);
    // Any other answer (an HTTP error, a refused connection by another name) means nobody usable.
    if (/ECONNREFUSED/.test(String(err))) return false;
    throw err;
  } finally {
    client.destroy();
  }
};
