// `npm run credentials -- <add|remove|list> …`: strict mode's credentials kept in the table, for a deployment
// (default AWS credential chain) or the local stack (--local, or --endpoint). Only the SHA-256 of a credential is
// stored, and this script never prints a credential. Usage: `npm run credentials -- help`.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './local-stack.mjs';

const require = createRequire(import.meta.url);

const USAGE = `usage: npm run credentials -- <command> [options]

commands:
  add --instance <name-or-guid> (--apikey <key> | --user <name> --password <password>) [--label <text>] [--replace]
  remove (--apikey <key> | --user <name> --password <password> | --hash <sha256 hex>)
  list [--json]

where:
  --table <name>       the table (default: $STT_TABLE, else watson-stt-emulator-<stage>)
  --stage <stage>      the deployment's stage, for the default table name (default: dev)
  --region <region>    AWS region (default: $AWS_REGION, else us-east-1)
  --endpoint <url>     a DynamoDB endpoint, such as the local stack's http://127.0.0.1:4569
  --local              the local stack of \`npm start\`: --endpoint http://127.0.0.1:$STT_DYNAMODB_PORT (4569),
                       --table $STT_TABLE (watson-stt-emulator-local)
  A value of - reads the key or password from standard input (keeps it out of the shell history).

An instance named by a GUID is that owner GUID; any other name becomes the same stable GUID as in STT_CREDENTIALS.
Functions remember a credential for STT_CREDENTIAL_CACHE_SECONDS (60) and an unknown one for
STT_CREDENTIAL_MISS_CACHE_SECONDS (5): a removal takes effect within the first, an addition within the second.`;

class UsageError extends Error {}

/**
 * The store code of lib/ (the one table layout and hashing the functions use), compiled on the fly with esbuild:
 * lib/store/credentials.ts and the instance naming of lib/ids.ts. The AWS SDK comes from node_modules.
 */
async function loadLib() {
  const { build } = require('esbuild');
  const { outputFiles } = await build({
    stdin: {
      contents: "export * from './lib/store/credentials'; export { instanceGuid } from './lib/ids'; export { resetDynamoClient } from './lib/store/client';",
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, external: ['@aws-sdk/*'], logLevel: 'silent',
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', outputFiles[0].text)(module, module.exports, createRequire(join(ROOT, 'lib', 'index.js')));
  return module.exports;
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** The credential string as Basic auth carries it: `apikey:<key>` or `<user>:<password>`. */
async function credentialOf(values) {
  const secret = async (value) => (value === '-' ? readStdin() : value);
  if (values.apikey !== undefined) {
    if (values.user !== undefined || values.password !== undefined) throw new UsageError('give --apikey, or --user and --password, not both');
    const key = await secret(values.apikey);
    if (!key) throw new UsageError('the API key is empty');
    return `apikey:${key}`;
  }
  if (values.user !== undefined || values.password !== undefined) {
    if (!values.user || values.password === undefined) throw new UsageError('--user and --password go together');
    if (values.user.includes(':')) throw new UsageError('a user name cannot contain ":"');
    const password = await secret(values.password);
    if (!password) throw new UsageError('the password is empty');
    return `${values.user}:${password}`;
  }
  return undefined;
}

function configure(values) {
  if (values.local) {
    values.endpoint ??= `http://127.0.0.1:${process.env.STT_DYNAMODB_PORT || 4569}`;
    values.table ??= process.env.STT_TABLE || 'watson-stt-emulator-local';
  }
  process.env.STT_TABLE = values.table ?? process.env.STT_TABLE ?? `watson-stt-emulator-${values.stage ?? 'dev'}`;
  if (values.region) process.env.AWS_REGION = values.region;
  if (values.endpoint) {
    process.env.STT_DYNAMODB_ENDPOINT = values.endpoint;
    // dynalite accepts any credentials; the SDK still wants some.
    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  } else {
    delete process.env.STT_DYNAMODB_ENDPOINT;
  }
  return process.env.STT_TABLE;
}

async function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      instance: { type: 'string' }, apikey: { type: 'string' }, user: { type: 'string' }, password: { type: 'string' },
      hash: { type: 'string' }, label: { type: 'string' }, replace: { type: 'boolean' }, json: { type: 'boolean' },
      table: { type: 'string' }, stage: { type: 'string' }, region: { type: 'string' }, endpoint: { type: 'string' },
      local: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...extra] = positionals;
  if (values.help || command === 'help' || command === undefined) {
    console.log(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const tableName = configure(values);
  const lib = await loadLib();
  try {
    switch (command) {
      case 'add': {
        if (!values.instance) throw new UsageError('add needs --instance <name-or-guid>');
        const credential = await credentialOf(values);
        if (!credential) throw new UsageError('add needs --apikey <key>, or --user <name> --password <password>');
        const stored = {
          hash: lib.credentialHash(credential),
          instanceId: lib.instanceGuid(values.instance),
          created: new Date().toISOString(),
          label: values.label ?? values.instance,
        };
        if (!(await lib.putStoredCredential(stored, { replace: values.replace ?? false }))) {
          console.error(`That credential is already in ${tableName} (hash ${stored.hash}); --replace to give it to this instance.`);
          return 1;
        }
        console.log(`Added credential ${stored.hash} for instance ${stored.instanceId} (${stored.label}) to ${tableName}.`);
        return 0;
      }
      case 'remove': {
        const credential = await credentialOf(values);
        if (credential && values.hash) throw new UsageError('give the credential or --hash, not both');
        const hash = credential ? lib.credentialHash(credential) : values.hash?.toLowerCase();
        if (!hash) throw new UsageError('remove needs --apikey <key>, --user <name> --password <password>, or --hash <sha256 hex>');
        if (!/^[0-9a-f]{64}$/.test(hash)) throw new UsageError('--hash must be 64 hexadecimal digits (as list shows it)');
        const removed = await lib.deleteStoredCredential(hash);
        if (!removed) {
          console.error(`No such credential in ${tableName} (hash ${hash}).`);
          return 1;
        }
        console.log(`Removed credential ${hash} of instance ${removed.instanceId} (${removed.label ?? ''}) from ${tableName}.`);
        return 0;
      }
      case 'list': {
        const credentials = await lib.listStoredCredentials();
        if (values.json) {
          console.log(JSON.stringify(credentials, null, 2));
        } else {
          for (const c of credentials) console.log([c.instanceId, c.hash, c.created, c.label ?? ''].join('\t'));
          console.error(`${credentials.length} credential(s) in ${tableName}.`);
        }
        return 0;
      }
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } finally {
    lib.resetDynamoClient();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error?.code?.startsWith?.('ERR_PARSE_ARGS')) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    // The SDK's messages name the table and the failure; they never contain the credential (only its hash is sent).
    console.error(`credentials: ${error?.name ?? 'Error'}: ${error?.message ?? error}`);
    process.exitCode = 1;
  }
}
