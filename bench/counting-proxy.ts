import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny HTTP proxy in front of DynamoDB Local that counts the requests passing through it by
 * operation (the `X-Amz-Target` header). It counts what a client really sends, retries included,
 * without touching the code under test: point its DYNAMODB_ENDPOINT here.
 */
export interface CountingProxy {
  readonly endpoint: string;
  /** Requests per operation so far (`GetItem`, `UpdateItem`, …). */
  counts(): Record<string, number>;
  close(): Promise<void>;
}

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

export interface RequestCount {
  readonly reads: number;
  readonly writes: number;
  readonly other: number;
  readonly operations: Record<string, number>;
}

/** What was sent between two snapshots of `counts()`, split into reads and writes. */
export const countBetween = (before: Record<string, number>, after: Record<string, number>): RequestCount => {
  const operations: Record<string, number> = {};
  let reads = 0;
  let writes = 0;
  let other = 0;
  for (const [operation, total] of Object.entries(after)) {
    const sent = total - (before[operation] ?? 0);
    if (sent === 0) continue;
    operations[operation] = sent;
    if (READS.has(operation)) reads += sent;
    else if (WRITES.has(operation)) writes += sent;
    else other += sent;
  }
  return { reads, writes, other, operations };
};

export const startCountingProxy = async (target: string): Promise<CountingProxy> => {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const counts = new Map<string, number>();
  const server = createServer((req, res) => {
    const operation =
      String(req.headers['x-amz-target'] ?? 'unknown')
        .split('.')
        .pop() ?? 'unknown';
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts: () => Object.fromEntries(counts),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
};
