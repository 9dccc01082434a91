// The scheduled function's cost (issue 4, issue 13): 100 due models (or recognition jobs) alone versus 100 due among
// 10,000 idle ones. The function runs as serverless-offline runs it (invoked through its Lambda API); its report
// gives the due-index read units of models, and each due model or job costs one more consistent read.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { BatchWriteCommand, DynamoDBDocumentClient } = require('@aws-sdk/lib-dynamodb');

const SHARDS = 8;
const pad = (ms) => String(Math.floor(ms)).padStart(15, '0');

function modelItem(id, owner, due) {
  const now = Date.now();
  return {
    PK: `MODEL#${id}`, SK: 'MODEL', OwnerPK: `OWNER#${owner}`, OwnerSK: `en-US#${new Date(now).toISOString()}#${id}`,
    customizationId: id, owner, name: 'bench', description: '', baseModelName: 'en-US_BroadbandModel', language: 'en-US',
    dialect: 'en-US', versions: ['en-US_BroadbandModel.v2018-07-31'], created: now, updated: now, status: 'ready', revision: 1,
    generation: 0, counts: { corpora: 0, invalidCorpora: 0, words: 1, invalidWords: 0, totalWords: 1 },
    ...(due ? {
      job: { op: 'train', dueAt: now - 1000, runningStatus: 'training', thenStatus: 'available' },
      DuePK: `DUE#${Math.floor(Math.random() * SHARDS)}`, DueSK: `${pad(now - 1000)}#${id}`,
    } : {}),
  };
}

function jobItem(id, owner, due) {
  const now = Date.now();
  const doneAt = due ? now - 1000 : now + 3_600_000;
  return {
    PK: `JOB#${id}`, SK: 'JOB', OwnerPK: `OWNER#${owner}#JOBS`, OwnerSK: `${new Date(now).toISOString()}#${id}`,
    id, owner, revision: 1, created: now - 2000, startAt: doneAt - 1000, doneAt, outcome: 'completed',
    results: { results: [], result_index: 0 }, resultsTtl: 10_080, settled: 'waiting', pending: [],
    DuePK: `DUEJOB#${Math.floor(Math.random() * SHARDS)}`, DueSK: `${pad(due ? doneAt - 1000 : doneAt - 1000)}#${id}`,
  };
}

async function putAll(client, table, items) {
  const batches = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  for (let i = 0; i < batches.length; i += 8) {
    await Promise.all(batches.slice(i, i + 8).map(async (batch) => {
      let requests = batch.map((Item) => ({ PutRequest: { Item } }));
      while (requests.length) {
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        requests = result.UnprocessedItems?.[table] ?? [];
      }
    }));
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function schedulerFigures({ dynamodbEndpoint, tableName, lambdaPort, rounds = 3 }) {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({
    endpoint: dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  }));
  const owner = randomUUID();
  const invoke = async () => {
    const start = performance.now();
    const response = await fetch(`http://127.0.0.1:${lambdaPort}/2015-03-31/functions/watson-stt-emulator-local-advanceTraining/invocations`, {
      method: 'POST', body: '{}',
    });
    const report = await response.json();
    return { ms: performance.now() - start, report };
  };
  const measure = async () => {
    const runs = [];
    for (let round = 0; round < rounds; round++) {
      await putAll(client, tableName, Array.from({ length: 100 }, () => modelItem(randomUUID(), owner, true)));
      const { ms, report } = await invoke();
      if (report.settled !== 100) throw new Error(`expected 100 settled, got ${JSON.stringify(report)}`);
      runs.push({ ms, reads: report.indexReadUnits + report.due });
    }
    return { ms: median(runs.map((run) => run.ms)), reads: median(runs.map((run) => run.reads)) };
  };
  const measureJobs = async () => {
    const runs = [];
    for (let round = 0; round < rounds; round++) {
      await putAll(client, tableName, Array.from({ length: 100 }, () => jobItem(randomUUID(), owner, true)));
      const { ms, report } = await invoke();
      if (report.jobs?.settled !== 100) throw new Error(`expected 100 jobs settled, got ${JSON.stringify(report.jobs)}`);
      runs.push({ ms, reads: report.jobs.due });
    }
    return { ms: median(runs.map((run) => run.ms)), reads: median(runs.map((run) => run.reads)) };
  };
  await invoke(); // warm-up: loads the function
  const alone = await measure();
  const jobsAlone = await measureJobs();
  await putAll(client, tableName, Array.from({ length: 10_000 }, () => modelItem(randomUUID(), owner, false)));
  const amongIdle = await measure();
  // Idle jobs: waiting far in the future, so in the due index but not due.
  await putAll(client, tableName, Array.from({ length: 10_000 }, () => jobItem(randomUUID(), owner, false)));
  const jobsAmongIdle = await measureJobs();
  client.destroy();
  return [
    { figure: 'advanceTraining, 100 due models alone', value: Math.round(alone.ms), unit: 'ms', note: `median of ${rounds}; ${alone.reads} read units` },
    { figure: 'advanceTraining, 100 due among 10,000 idle', value: Math.round(amongIdle.ms), unit: 'ms', note: `median of ${rounds}; ${amongIdle.reads} read units` },
    { figure: 'ratio (10,000 idle + 100 due) / (100 due)', value: Number((amongIdle.ms / alone.ms).toFixed(2)), unit: 'x time',
      note: `${(amongIdle.reads / alone.reads).toFixed(2)} x reads` },
    { figure: 'advanceTraining, 100 due recognition jobs alone', value: Math.round(jobsAlone.ms), unit: 'ms', note: `median of ${rounds}; ${jobsAlone.reads} jobs read` },
    { figure: 'advanceTraining, 100 due jobs among 10,000 idle', value: Math.round(jobsAmongIdle.ms), unit: 'ms', note: `median of ${rounds}; ${jobsAmongIdle.reads} jobs read` },
    { figure: 'ratio, jobs (10,000 idle + 100 due) / (100 due)', value: Number((jobsAmongIdle.ms / jobsAlone.ms).toFixed(2)), unit: 'x time',
      note: 'target ≤ 1.5' },
  ];
}
