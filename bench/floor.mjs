// The floor of the request path (issue 16): "a bare node:http server doing one DynamoDB GetItem against dynalite for
// the same answer". Per route it does the least store work that the answer needs, against the same dynalite (and
// table) as the stack under test, with a plain DynamoDBClient (@aws-sdk/client-dynamodb, keep-alive), and sends the
// bytes the emulator sent for that request (status, body, and the same headers, with a fresh x-global-transaction-id
// each time, so that the sizes on the wire match):
//   getModel    one GetItem of the model item (PK MODEL#<id>, SK MODEL), consistent, as the emulator reads it;
//   queryWords  one Query of the model's words (PK MODEL#<id>, SK begins_with G<generation>#WORD#), consistent; the
//               generation is read once, when the floor starts;
//   queryOwner  one Query of the byOwner index (OwnerPK = OWNER#<owner>); the owner is read once from the model item;
//   recognize   reads the whole request body, then one GetItem of the model item.
// It checks what it read: no item is a 404, a count other than the answer's (the words, the models) a 500, so that
// bench/run.mjs, which compares the floor's answers with the emulator's before it measures, notices a floor that
// reads nothing. It does not check the Authorization header.
//
// startFloor() runs the server in a child process of its own, so that it competes with the stack for the same cores
// as a second server would. `node bench/floor.mjs` is that child; it reads its routes as JSON on stdin.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent, createServer } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const LOOPBACK = '127.0.0.1';
const require = createRequire(import.meta.url);

/**
 * Starts the floor on a free loopback port. `routes`: `{ method, path, op, modelId, count?, answer: { status, headers,
 * body (Buffer) } }`, matched on method and path (the query string is ignored). Resolves to `{ url, child, stop }`.
 */
export async function startFloor({ dynamodbEndpoint, tableName, routes }) {
  const child = spawn(process.execPath, ['--no-warnings', fileURLToPath(import.meta.url)], {
    env: {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', () => resolve()));
  child.stdin.end(JSON.stringify({
    dynamodbEndpoint,
    tableName,
    routes: routes.map((route) => ({ ...route, answer: { ...route.answer, body: route.answer.body.toString('base64') } })),
  }));
  const port = await new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk) => {
      output += chunk;
      const match = /listening (\d+)/.exec(output);
      if (!match) return;
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve(Number(match[1]));
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the floor server exited (${code}) before it listened: ${output}`)));
  });
  return {
    url: `http://${LOOPBACK}:${port}`,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// ---- the child ----

async function serve({ dynamodbEndpoint, tableName, routes }) {
  const { DynamoDBClient, GetItemCommand, QueryCommand } = require('@aws-sdk/client-dynamodb');
  const client = new DynamoDBClient({
    endpoint: dynamodbEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 50 }) },
  });
  const modelKey = (id) => ({ PK: { S: `MODEL#${id}` }, SK: { S: 'MODEL' } });
  // Read once at start: what the per-request work needs to know (the words' generation, the owner).
  const models = new Map();
  for (const route of routes) {
    if (models.has(route.modelId)) continue;
    const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: modelKey(route.modelId), ConsistentRead: true }));
    if (!Item) throw new Error(`the floor found no model ${route.modelId} in ${tableName} at ${dynamodbEndpoint}`);
    models.set(route.modelId, { generation: Number(Item.generation?.N ?? 0), ownerPk: Item.OwnerPK?.S });
  }
  const table = new Map();
  for (const route of routes) {
    const model = models.get(route.modelId);
    const answer = { ...route.answer, body: Buffer.from(route.answer.body, 'base64') };
    let work;
    if (route.op === 'getModel' || route.op === 'recognize') {
      const command = { TableName: tableName, Key: modelKey(route.modelId), ConsistentRead: true };
      work = async () => ((await client.send(new GetItemCommand(command))).Item ? 0 : 404);
    } else if (route.op === 'queryWords') {
      const command = {
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': { S: `MODEL#${route.modelId}` }, ':prefix': { S: `G${String(model.generation).padStart(6, '0')}#WORD#` } },
        ConsistentRead: true,
      };
      work = async () => ((await client.send(new QueryCommand(command))).Count === route.count ? 0 : 500);
    } else if (route.op === 'queryOwner') {
      const command = {
        TableName: tableName, IndexName: 'byOwner', KeyConditionExpression: 'OwnerPK = :owner', ExpressionAttributeValues: { ':owner': { S: model.ownerPk } },
      };
      work = async () => ((await client.send(new QueryCommand(command))).Count === route.count ? 0 : 500);
    } else {
      throw new Error(`unknown floor operation '${route.op}'`);
    }
    table.set(`${route.method} ${route.path}`, { answer, work });
  }
  const server = createServer((req, res) => {
    const queryAt = req.url.indexOf('?');
    const route = table.get(`${req.method} ${queryAt < 0 ? req.url : req.url.slice(0, queryAt)}`);
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', async () => {
      if (!route) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
        return;
      }
      // the whole body, as a handler that needs it has it (recognize's 1 MB WAV)
      void (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
      try {
        const failure = await route.work();
        if (failure) {
          res.writeHead(failure, { 'content-type': 'application/json' }).end(`{"error":"the floor's read did not find the answer's data","code":${failure}}`);
          return;
        }
        res.writeHead(route.answer.status, { ...route.answer.headers, 'x-global-transaction-id': randomUUID(), 'content-length': route.answer.body.length })
          .end(route.answer.body);
      } catch (error) {
        console.error(error);
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"Internal Server Error"}');
      }
    });
  });
  server.keepAliveTimeout = 5000;
  server.listen(0, LOOPBACK, () => process.stdout.write(`listening ${server.address().port}\n`));
  process.once('SIGTERM', () => {
    server.close(() => {
      client.destroy();
      process.exit(0);
    });
    server.closeAllConnections();
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  await serve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
}
