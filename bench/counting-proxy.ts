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
  /**
   * Capacity units DynamoDB Local reported so far (asked for with `ReturnConsumedCapacity: TOTAL`
   * on every data request), split by the request's kind: reads cost read units, writes write units.
   */
  capacity(): CapacityUnits;
  /** Requests so far whose body contained each of the `marks` given at start. */
  marked(): Record<string, number>;
  close(): Promise<void>;
}

export interface CapacityUnits {
  readonly read: number;
  readonly write: number;
  /** Data requests whose answer carried no ConsumedCapacity (errors, or a store that does not report it). */
  readonly unreported: number;
}

/** Operations that take `ReturnConsumedCapacity`. */
const DATA_OPERATIONS = new Set([
  'GetItem',
  'BatchGetItem',
  'Query',
  'Scan',
  'TransactGetItems',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

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

interface ConsumedCapacity {
  readonly CapacityUnits?: number;
  readonly ReadCapacityUnits?: number;
  readonly WriteCapacityUnits?: number;
}

/** The units of one answer's `ConsumedCapacity` (one object, or a list for batches and transactions). */
const unitsOf = (body: string): { read: number; write: number; total: number } | undefined => {
  let parsed: { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] };
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const consumed = parsed.ConsumedCapacity;
  if (consumed === undefined) return undefined;
  const all = Array.isArray(consumed) ? consumed : [consumed];
  if (all.length === 0) return undefined;
  return all.reduce(
    (sum, c) => ({
      read: sum.read + (c.ReadCapacityUnits ?? 0),
      write: sum.write + (c.WriteCapacityUnits ?? 0),
      total: sum.total + (c.CapacityUnits ?? 0),
    }),
    { read: 0, write: 0, total: 0 },
  );
};

const readBody = (stream: NodeJS.ReadableStream): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });

/**
 * `marks`: name → a substring of a request's JSON body; requests that contain it are counted under
 * the name, to tell apart requests only one function sends.
 */
export const startCountingProxy = async (
  target: string,
  marks: Readonly<Record<string, string>> = {},
): Promise<CountingProxy> => {
  const markEntries = Object.entries(marks);
  const marked = new Map<string, number>(markEntries.map(([name]) => [name, 0]));
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const counts = new Map<string, number>();
  const capacity = { read: 0, write: 0, unreported: 0 };
  const server = createServer((req, res) => {
    const operation =
      String(req.headers['x-amz-target'] ?? 'unknown')
        .split('.')
        .pop() ?? 'unknown';
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
    const measured = DATA_OPERATIONS.has(operation);
    void readBody(req).then((received) => {
      let body = received;
      if (markEntries.length > 0) {
        const text = received.toString('utf8');
        for (const [name, mark] of markEntries) {
          if (text.includes(mark)) marked.set(name, (marked.get(name) ?? 0) + 1);
        }
      }
      if (measured) {
        // Ask for the units; DynamoDB Local does not check the signature, so the body may change.
        try {
          body = Buffer.from(
            JSON.stringify({ ...JSON.parse(received.toString('utf8')), ReturnConsumedCapacity: 'TOTAL' }),
          );
        } catch {
          // not JSON: forwarded as it came
        }
      }
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, 'content-length': String(body.length) },
          agent,
        },
        (answer) => {
          if (!measured) {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            return;
          }
          void readBody(answer).then((answered) => {
            const units = unitsOf(answered.toString('utf8'));
            if (!units) capacity.unreported += 1;
            else if (READS.has(operation)) capacity.read += units.total || units.read;
            else capacity.write += units.total || units.write;
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(answered);
          });
        },
      );
      forward.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    // The target's path names its database (the clients sign with it): the proxy keeps it.
    endpoint: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, '')}`,
    counts: () => Object.fromEntries(counts),
    capacity: () => ({ ...capacity }),
    marked: () => Object.fromEntries(marked),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
};
