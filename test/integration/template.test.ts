import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { specification } from '@aws-cdk/cfnspec';
import { ROUTES, routePaths } from '../../lib/http/routes';
import { DUE_INDEX, OWNER_INDEX } from '../../lib/store/keys';

/**
 * Packages the service (`sls package`, no AWS account needed) and checks the CloudFormation template it would deploy:
 * the functions and HTTP API routes against ROUTES, the table against the layout in lib/store/keys.ts, the role
 * against the DynamoDB calls the code makes, and every resource against the CloudFormation resource specification.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const NOT_FOUND_FN = 'routeNotFound';
/** The scheduled function: no route, a schedule rule instead. */
const SCHEDULED_FN = 'advanceTraining';
const TABLE_ID = 'ModelsTable';

interface Resource {
  Type: string;
  Properties?: Record<string, any>;
  DependsOn?: string | string[];
  [attribute: string]: unknown;
}
interface Template {
  Resources: Record<string, Resource>;
  Parameters?: Record<string, unknown>;
  Outputs?: Record<string, unknown>;
}

/**
 * Top-level entries not copied into the scratch service: build output, local data, git. serverless-esbuild bundles
 * into `<service>/.esbuild` and deletes that folder after packaging, and serverless-offline (`npm start`, the e2e
 * setup) serves its handlers from the same folder; packaging the repo in place would pull the handlers out from
 * under a running emulator. So the test packages a copy of the repo (node_modules linked, not copied).
 */
const NOT_COPIED = new Set(['node_modules', '.git', '.esbuild', '.offline-build', '.serverless', '.build', '.data', 'test-results', 'coverage']);

let workDir = '';
let template: Template;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'stt-template-'));
  const serviceDir = join(workDir, 'service');
  const packageDir = join(workDir, 'package');
  cpSync(ROOT, serviceDir, { recursive: true, filter: (src) => !(dirname(src) === ROOT && NOT_COPIED.has(basename(src))) });
  symlinkSync(join(ROOT, 'node_modules'), join(serviceDir, 'node_modules'), 'dir');
  const run = spawnSync(
    process.execPath,
    ['node_modules/osls/bin/serverless.js', 'package', '--stage', 'test', '--package', packageDir],
    { cwd: serviceDir, env: { ...process.env, SLS_TELEMETRY_DISABLED: '1' }, encoding: 'utf8', timeout: 120_000 },
  );
  if (run.status !== 0) {
    throw new Error(`sls package failed (status ${run.status}, ${run.error ?? run.signal ?? 'no signal'}):\n${run.stdout}\n${run.stderr}`);
  }
  template = JSON.parse(readFileSync(join(packageDir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
}, 150_000);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------------
// Template helpers
// ---------------------------------------------------------------------------------------------------------------

/** Serverless's logical id of a function: the name with its first letter upper-cased, then `LambdaFunction`. */
const lambdaId = (fn: string) => `${fn[0].toUpperCase()}${fn.slice(1)}LambdaFunction`;

const resourcesOfType = (t: Template, type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type);

const routeFunctions = () => [...new Set(ROUTES.map((route) => route.fn))];

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The logical id of the integration a route targets (`integrations/<Ref integration>`). */
function integrationOfRoute(routeId: string): string {
  const target = template.Resources[routeId].Properties?.Target;
  expect(target, `${routeId}.Target`).toEqual({ 'Fn::Join': ['/', ['integrations', { Ref: expect.any(String) }]] });
  const integrationId: string = target['Fn::Join'][1][1].Ref;
  expect(template.Resources[integrationId]?.Type, `${routeId} targets ${integrationId}`).toBe('AWS::ApiGatewayV2::Integration');
  return integrationId;
}

/** The logical id of the Lambda function a route ends at (route -> integration -> IntegrationUri GetAtt Arn). */
function functionOfRoute(routeId: string): string {
  const integrationId = integrationOfRoute(routeId);
  const uri = template.Resources[integrationId].Properties?.IntegrationUri;
  expect(uri, `${integrationId}.IntegrationUri`).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
  const fnId: string = uri['Fn::GetAtt'][0];
  expect(template.Resources[fnId]?.Type, `${integrationId} invokes ${fnId}`).toBe('AWS::Lambda::Function');
  return fnId;
}

// ---------------------------------------------------------------------------------------------------------------
// The CloudFormation resource specification check
// ---------------------------------------------------------------------------------------------------------------

interface PropSpec {
  Required?: boolean;
  PrimitiveType?: string;
  Type?: string;
  ItemType?: string;
  PrimitiveItemType?: string;
}
interface TypeSpec extends PropSpec {
  Properties?: Record<string, PropSpec>;
  Attributes?: Record<string, unknown>;
}
const SPEC = specification() as unknown as {
  ResourceTypes: Record<string, TypeSpec>;
  PropertyTypes: Record<string, TypeSpec>;
};

const RESOURCE_ATTRIBUTES = new Set([
  'Type', 'Properties', 'DependsOn', 'Condition', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy', 'CreationPolicy', 'UpdatePolicy',
]);
const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix',
]);

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `{ Ref: … }` or `{ "Fn::…": … }`: a value CloudFormation computes, whose type this check cannot know. */
function isIntrinsic(v: unknown): boolean {
  if (!isObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/**
 * Literal against a primitive type. Strings and Booleans must be exactly that JS type (a quoted `'true'` or an
 * unquoted number where a string belongs is a YAML slip); Integer/Long/Double also accept a numeric string, which
 * CloudFormation converts.
 */
function primitiveProblem(value: unknown, type: string): string | undefined {
  const got = `got ${JSON.stringify(value)}`;
  const numericString = typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value));
  switch (type) {
    case 'String':
    case 'Timestamp':
      return typeof value === 'string' ? undefined : `expected a string, ${got}`;
    case 'Boolean':
      return typeof value === 'boolean' ? undefined : `expected a boolean, ${got}`;
    case 'Integer':
    case 'Long':
      return Number.isInteger(value) || (numericString && Number.isInteger(Number(value))) ? undefined : `expected an integer, ${got}`;
    case 'Double':
      return (typeof value === 'number' && Number.isFinite(value)) || numericString ? undefined : `expected a number, ${got}`;
    case 'Json':
      return typeof value === 'object' && value !== null ? undefined : `expected a JSON object, ${got}`;
    default:
      return `the spec's primitive type ${type} is unknown to this test`;
  }
}

function checkValue(value: unknown, prop: PropSpec, resourceType: string, where: string, problems: string[]): void {
  if (isIntrinsic(value)) return;
  if (prop.PrimitiveType) {
    const problem = primitiveProblem(value, prop.PrimitiveType);
    if (problem) problems.push(`${where}: ${problem}`);
  } else if (prop.Type === 'List' || prop.Type === 'Map') {
    const list = prop.Type === 'List';
    if (list ? !Array.isArray(value) : !isObject(value)) {
      problems.push(`${where}: expected a ${list ? 'list' : 'map'}, got ${JSON.stringify(value)}`);
      return;
    }
    const entries: [string, unknown][] = Array.isArray(value)
      ? value.map((v, i) => [`[${i}]`, v])
      : Object.entries(value as Record<string, unknown>).map(([k, v]) => [`.${k}`, v]);
    for (const [key, item] of entries) {
      if (prop.PrimitiveItemType) checkValue(item, { PrimitiveType: prop.PrimitiveItemType }, resourceType, where + key, problems);
      else if (prop.ItemType) checkNamed(item, prop.ItemType, resourceType, where + key, problems);
      else problems.push(`${where}: the spec gives no item type`);
    }
  } else if (prop.Type) {
    checkNamed(value, prop.Type, resourceType, where, problems);
  } else {
    problems.push(`${where}: the spec gives no type`);
  }
}

function checkNamed(value: unknown, typeName: string, resourceType: string, where: string, problems: string[]): void {
  if (isIntrinsic(value)) return;
  const def = SPEC.PropertyTypes[`${resourceType}.${typeName}`] ?? SPEC.PropertyTypes[typeName];
  if (!def) problems.push(`${where}: the spec has no property type ${resourceType}.${typeName}`);
  else if (def.Properties) checkProperties(value, def.Properties, `${resourceType}.${typeName}`, resourceType, where, problems);
  else checkValue(value, def, resourceType, where, problems); // an alias such as a list of some other type
}

function checkProperties(
  value: unknown, props: Record<string, PropSpec>, typeName: string, resourceType: string, where: string, problems: string[],
): void {
  if (!isObject(value)) {
    problems.push(`${where}: expected an object (${typeName}), got ${JSON.stringify(value)}`);
    return;
  }
  for (const [name, v] of Object.entries(value)) {
    const prop = props[name];
    if (!prop) problems.push(`${where}.${name}: not a property of ${typeName}`);
    else checkValue(v, prop, resourceType, `${where}.${name}`, problems);
  }
  for (const [name, prop] of Object.entries(props)) {
    if (prop.Required && !(name in value)) problems.push(`${where}.${name}: required by ${typeName} but missing`);
  }
}

/** Each resource against the spec: type exists, properties known, required ones present, literals well typed. */
function specProblems(t: Template): string[] {
  const problems: string[] = [];
  for (const [id, resource] of Object.entries(t.Resources)) {
    for (const key of Object.keys(resource)) {
      if (!RESOURCE_ATTRIBUTES.has(key)) problems.push(`${id}: unknown resource attribute ${key}`);
    }
    const typeSpec = SPEC.ResourceTypes[resource.Type];
    if (!typeSpec) {
      problems.push(`${id}: resource type ${resource.Type} is not in the spec`);
      continue;
    }
    checkProperties(resource.Properties ?? {}, typeSpec.Properties ?? {}, resource.Type, resource.Type, id, problems);
  }
  return problems;
}

/** Every Ref, Fn::GetAtt, Fn::Sub variable and DependsOn names something that exists (GetAtt: an attribute of its type). */
function referenceProblems(t: Template): string[] {
  const problems: string[] = [];
  const defined = (name: string) => name in t.Resources || name in (t.Parameters ?? {}) || PSEUDO_PARAMETERS.has(name);
  const checkGetAtt = (id: string, attribute: string, where: string) => {
    const resource = t.Resources[id];
    if (!resource) problems.push(`${where}: GetAtt of missing resource ${id}`);
    else if (!(attribute in (SPEC.ResourceTypes[resource.Type]?.Attributes ?? {}))) {
      problems.push(`${where}: ${resource.Type} ${id} has no attribute ${attribute}`);
    }
  };
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${where}[${i}]`));
      return;
    }
    if (!isObject(node)) return;
    if (isIntrinsic(node) && typeof node.Ref === 'string' && !defined(node.Ref)) problems.push(`${where}: Ref to undefined ${node.Ref}`);
    if (isIntrinsic(node) && 'Fn::GetAtt' in node) {
      const arg = node['Fn::GetAtt'];
      const [id, attribute] = typeof arg === 'string' ? [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)] : arg;
      if (typeof id === 'string' && typeof attribute === 'string') checkGetAtt(id, attribute, where);
    }
    if (isIntrinsic(node) && 'Fn::Sub' in node) {
      const arg = node['Fn::Sub'];
      const [text, variables] = typeof arg === 'string' ? [arg, {}] : arg;
      for (const [, name] of String(text).matchAll(/\$\{([^!}][^}]*)\}/g)) {
        if (name in (variables ?? {})) continue;
        const dot = name.indexOf('.');
        if (dot > 0) checkGetAtt(name.slice(0, dot), name.slice(dot + 1), where);
        else if (!defined(name)) problems.push(`${where}: Fn::Sub of undefined \${${name}}`);
      }
    }
    for (const [key, value] of Object.entries(node)) walk(value, `${where}.${key}`);
  };
  for (const [id, resource] of Object.entries(t.Resources)) {
    walk(resource.Properties, id);
    for (const dependency of asArray(resource.DependsOn)) {
      if (!(dependency in t.Resources)) problems.push(`${id}.DependsOn: missing resource ${dependency}`);
    }
  }
  walk(t.Outputs, 'Outputs');
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// The DynamoDB actions the code sends
// ---------------------------------------------------------------------------------------------------------------

/** lib-dynamodb document commands -> IAM actions (client-dynamodb commands are `<Action>Command`). */
const DOCUMENT_COMMAND_ACTIONS: Record<string, string> = {
  GetCommand: 'GetItem',
  PutCommand: 'PutItem',
  UpdateCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
  QueryCommand: 'Query',
  ScanCommand: 'Scan',
  BatchGetCommand: 'BatchGetItem',
  BatchWriteCommand: 'BatchWriteItem',
  TransactGetCommand: 'TransactGetItems',
  TransactWriteCommand: 'TransactWriteItems',
  ExecuteStatementCommand: 'PartiQLSelect',
};

/** Every `dynamodb:*` action named by a command imported from the AWS SDK anywhere in lib/ or functions/. */
function actionsUsedByCode(): string[] {
  const actions = new Set<string>();
  for (const dir of ['lib', 'functions']) {
    for (const file of readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts')) continue;
      const source = readFileSync(join(ROOT, dir, file), 'utf8');
      for (const [, names, pkg] of source.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"]@aws-sdk\/(lib-dynamodb|client-dynamodb)['"]/g)) {
        for (const name of names.split(',').map((n) => n.trim().split(/\s+as\s+/)[0]).filter((n) => n.endsWith('Command'))) {
          const action = pkg === 'lib-dynamodb' ? DOCUMENT_COMMAND_ACTIONS[name] : name.slice(0, -'Command'.length);
          if (!action) throw new Error(`${dir}/${file} imports ${name} from @aws-sdk/${pkg}: add its IAM action to this test's table`);
          actions.add(`dynamodb:${action}`);
        }
      }
    }
  }
  return [...actions].sort();
}

// ---------------------------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------------------------

describe('functions and HTTP API routes (serverless.yml vs lib/http/routes.ts)', () => {
  it('gives every function of ROUTES, and routeNotFound, a nodejs20.x Lambda with its handler', () => {
    for (const fn of [...routeFunctions(), NOT_FOUND_FN]) {
      const resource = template.Resources[lambdaId(fn)];
      expect(resource?.Type, `${lambdaId(fn)} for ${fn}`).toBe('AWS::Lambda::Function');
      expect(resource.Properties?.Runtime, `${fn} Runtime`).toBe('nodejs20.x');
      expect(resource.Properties?.Handler, `${fn} Handler`).toBe(`functions/${fn}.handler`);
    }
  });

  it('has no Lambda function other than those of ROUTES, routeNotFound and the scheduled one', () => {
    const actual = resourcesOfType(template, 'AWS::Lambda::Function').map(([id]) => id).sort();
    const expected = [...routeFunctions(), NOT_FOUND_FN, SCHEDULED_FN].map(lambdaId).sort();
    expect(actual).toEqual(expected);
  });

  it('runs the scheduled function every minute', () => {
    const rules = resourcesOfType(template, 'AWS::Events::Rule');
    expect(rules).toHaveLength(1);
    const [, rule] = rules[0];
    expect(rule.Properties?.ScheduleExpression).toBe('rate(1 minute)');
    expect(rule.Properties?.State).toBe('ENABLED');
    expect(JSON.stringify(rule.Properties?.Targets)).toContain(lambdaId(SCHEDULED_FN));
  });

  it('routes each method and path of ROUTES, once, to its function', () => {
    const routes = resourcesOfType(template, 'AWS::ApiGatewayV2::Route');
    for (const route of ROUTES) {
      for (const path of routePaths(route)) {
        const key = `${route.method} ${path}`;
        const matching = routes.filter(([, r]) => r.Properties?.RouteKey === key);
        expect(matching.map(([id]) => id), `routes with RouteKey ${key}`).toHaveLength(1);
        expect(functionOfRoute(matching[0][0]), `the function behind ${key}`).toBe(lambdaId(route.fn));
      }
    }
  });

  it('sends everything else ($default) to routeNotFound', () => {
    const defaults = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties?.RouteKey === '$default');
    expect(defaults.map(([id]) => id)).toHaveLength(1);
    expect(functionOfRoute(defaults[0][0])).toBe(lambdaId(NOT_FOUND_FN));
  });

  it('has exactly the route keys of ROUTES plus $default', () => {
    const actual = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties?.RouteKey).sort();
    const expected = [...ROUTES.flatMap((route) => routePaths(route).map((path) => `${route.method} ${path}`)), '$default'].sort();
    expect(actual).toEqual(expected);
  });

  it('puts every route and integration on the one HTTP API, as Lambda proxies with payload format 2.0', () => {
    const apis = resourcesOfType(template, 'AWS::ApiGatewayV2::Api');
    expect(apis.map(([id]) => id)).toHaveLength(1);
    const [apiId, api] = apis[0];
    expect(api.Properties?.ProtocolType).toBe('HTTP');
    for (const [id, route] of resourcesOfType(template, 'AWS::ApiGatewayV2::Route')) {
      expect(route.Properties?.ApiId, `${id}.ApiId`).toEqual({ Ref: apiId });
    }
    const integrations = resourcesOfType(template, 'AWS::ApiGatewayV2::Integration');
    expect(integrations.length).toBeGreaterThan(0);
    for (const [id, integration] of integrations) {
      expect(integration.Properties?.ApiId, `${id}.ApiId`).toEqual({ Ref: apiId });
      expect(integration.Properties?.IntegrationType, `${id}.IntegrationType`).toBe('AWS_PROXY');
      expect(integration.Properties?.PayloadFormatVersion, `${id}.PayloadFormatVersion`).toBe('2.0');
    }
  });

  it('lets API Gateway invoke every HTTP function, and EventBridge the scheduled one', () => {
    const permissions = resourcesOfType(template, 'AWS::Lambda::Permission').map(([, p]) => p.Properties);
    for (const [fnId] of resourcesOfType(template, 'AWS::Lambda::Function')) {
      const principal = fnId === lambdaId(SCHEDULED_FN) ? 'events.amazonaws.com' : 'apigateway.amazonaws.com';
      const granted = permissions.filter(
        (p) => (isDeepStrictEqual(p?.FunctionName, { 'Fn::GetAtt': [fnId, 'Arn'] }) || JSON.stringify(p?.FunctionName ?? '').includes(fnId))
          && p?.Action === 'lambda:InvokeFunction' && p?.Principal === principal,
      );
      expect(granted, `${principal} invoke permissions on ${fnId}`).toHaveLength(1);
    }
  });
});

describe('the DynamoDB table (serverless.yml vs lib/store/keys.ts)', () => {
  const table = () => template.Resources[TABLE_ID]?.Properties ?? {};
  const keySchema = (hash: string, range: string) => [
    { AttributeName: hash, KeyType: 'HASH' },
    { AttributeName: range, KeyType: 'RANGE' },
  ];

  it('is the one table, ModelsTable', () => {
    expect(resourcesOfType(template, 'AWS::DynamoDB::Table').map(([id]) => id)).toEqual([TABLE_ID]);
  });

  it('is keyed PK (HASH) / SK (RANGE), billed per request', () => {
    expect(table().KeySchema).toEqual(keySchema('PK', 'SK'));
    expect(table().BillingMode).toBe('PAY_PER_REQUEST');
    expect(table().ProvisionedThroughput).toBeUndefined();
  });

  it('has exactly the byOwner (ALL) and byDue (KEYS_ONLY) global indexes, and no local ones', () => {
    const byName = (a: { IndexName: string }, b: { IndexName: string }) => a.IndexName.localeCompare(b.IndexName);
    expect([...(table().GlobalSecondaryIndexes ?? [])].sort(byName)).toEqual(
      [
        { IndexName: 'byOwner', KeySchema: keySchema('OwnerPK', 'OwnerSK'), Projection: { ProjectionType: 'ALL' } },
        { IndexName: 'byDue', KeySchema: keySchema('DuePK', 'DueSK'), Projection: { ProjectionType: 'KEYS_ONLY' } },
      ].sort(byName),
    );
    expect(table().GlobalSecondaryIndexes.map((index: { IndexName: string }) => index.IndexName).sort()).toEqual([OWNER_INDEX, DUE_INDEX].sort());
    expect(table().LocalSecondaryIndexes).toBeUndefined();
  });

  it('declares every key attribute, once, as a string, and no other attribute', () => {
    const keyAttributes = new Set<string>(
      [table().KeySchema, ...(table().GlobalSecondaryIndexes ?? []).map((index: any) => index.KeySchema)]
        .flat()
        .map((key: { AttributeName: string }) => key.AttributeName),
    );
    const definitions: { AttributeName: string; AttributeType: string }[] = table().AttributeDefinitions ?? [];
    expect(definitions.map((d) => d.AttributeName).sort()).toEqual([...keyAttributes].sort());
    for (const d of definitions) expect(d.AttributeType, `type of ${d.AttributeName}`).toBe('S');
  });

  it('is the table every function is told to use (STT_TABLE)', () => {
    const tableName = table().TableName;
    expect(typeof tableName === 'string' && tableName.length > 0, `TableName ${JSON.stringify(tableName)}`).toBe(true);
    const functions = resourcesOfType(template, 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(0);
    for (const [id, fn] of functions) {
      expect(fn.Properties?.Environment?.Variables?.STT_TABLE, `${id} STT_TABLE`).toBe(tableName);
    }
  });
});

describe('the functions\' IAM role', () => {
  const TABLE_ARN = { 'Fn::GetAtt': [TABLE_ID, 'Arn'] };
  const isTableArn = (r: unknown) => isDeepStrictEqual(r, TABLE_ARN) || isDeepStrictEqual(r, { 'Fn::GetAtt': `${TABLE_ID}.Arn` });
  const isIndexesArn = (r: unknown) =>
    isDeepStrictEqual(r, { 'Fn::Join': ['/', [TABLE_ARN, 'index', '*']] }) ||
    isDeepStrictEqual(r, { 'Fn::Sub': `\${${TABLE_ID}.Arn}/index/*` });

  /** The Allow statements of the role every function runs as. */
  function allowStatements(): { Action: string[]; Resource: unknown[] }[] {
    const roles = new Set(
      resourcesOfType(template, 'AWS::Lambda::Function').map(([id, fn]) => {
        const role = fn.Properties?.Role;
        expect(role, `${id}.Role`).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
        return role['Fn::GetAtt'][0] as string;
      }),
    );
    expect([...roles], 'the roles the functions run as').toHaveLength(1);
    const [roleId] = roles;
    expect(template.Resources[roleId]?.Type).toBe('AWS::IAM::Role');
    return (template.Resources[roleId].Properties?.Policies ?? [])
      .flatMap((policy: any) => asArray(policy.PolicyDocument?.Statement))
      .filter((statement: any) => statement.Effect === 'Allow')
      .map((statement: any) => ({ Action: asArray(statement.Action), Resource: asArray(statement.Resource) }));
  }

  const granted = (isResource: (r: unknown) => boolean) =>
    new Set(allowStatements().filter((s) => s.Resource.some(isResource)).flatMap((s) => s.Action));

  it('allows every DynamoDB action the code sends on the table', () => {
    const used = actionsUsedByCode();
    expect(used.length, 'DynamoDB commands found in lib/ and functions/').toBeGreaterThan(0);
    const onTable = granted(isTableArn);
    expect(used.filter((action) => !onTable.has(action) && !onTable.has('dynamodb:*')), 'not allowed on the table').toEqual([]);
  });

  it('allows Query on the table\'s indexes', () => {
    expect([...granted(isIndexesArn)], `actions allowed on ${TABLE_ID}/index/*`).toContain('dynamodb:Query');
  });

  it('allows no DynamoDB action the code does not send', () => {
    const all = new Set(allowStatements().flatMap((s) => s.Action).filter((action) => action.startsWith('dynamodb:')));
    expect([...all].sort()).toEqual(actionsUsedByCode());
  });
});

describe('the CloudFormation resource specification (@aws-cdk/cfnspec)', () => {
  it('knows every resource type and property; required properties are present; literals are well typed', () => {
    expect(Object.keys(template.Resources).length).toBeGreaterThan(0);
    const problems = specProblems(template);
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('every Ref, GetAtt, Sub variable and DependsOn names an existing resource and attribute', () => {
    const problems = referenceProblems(template);
    expect(problems, problems.join('\n')).toEqual([]);
  });

  // The two checks above must be able to fail: break a copy of the template and expect them to say so.
  const broken: [string, (t: Template) => void, (problems: string[]) => void][] = [
    ['an unknown resource type', (t) => { t.Resources[TABLE_ID].Type = 'AWS::DynamoDB::Tabel'; },
      (p) => expect(p).toContain(`${TABLE_ID}: resource type AWS::DynamoDB::Tabel is not in the spec`)],
    ['an unknown property', (t) => { t.Resources[TABLE_ID].Properties!.BillingModes = 'PAY_PER_REQUEST'; },
      (p) => expect(p).toContain(`${TABLE_ID}.BillingModes: not a property of AWS::DynamoDB::Table`)],
    ['an unknown nested property', (t) => { t.Resources[TABLE_ID].Properties!.GlobalSecondaryIndexes[0].Projection.Type = 'ALL'; },
      (p) => expect(p).toContain(`${TABLE_ID}.GlobalSecondaryIndexes[0].Projection.Type: not a property of AWS::DynamoDB::Table.Projection`)],
    ['a missing required property', (t) => { delete t.Resources[lambdaId(NOT_FOUND_FN)].Properties!.Role; },
      (p) => expect(p).toContain(`${lambdaId(NOT_FOUND_FN)}.Role: required by AWS::Lambda::Function but missing`)],
    ['a missing required nested property', (t) => { delete t.Resources[TABLE_ID].Properties!.GlobalSecondaryIndexes[1].Projection; },
      (p) => expect(p).toContain(`${TABLE_ID}.GlobalSecondaryIndexes[1].Projection: required by AWS::DynamoDB::Table.GlobalSecondaryIndex but missing`)],
    ['a Boolean given as a string', (t) => { resourcesOfType(t, 'AWS::ApiGatewayV2::Stage')[0][1].Properties!.AutoDeploy = 'true'; },
      (p) => expect(p).toContainEqual(expect.stringMatching(/\.AutoDeploy: expected a boolean, got "true"$/))],
    ['a string given as a number', (t) => { t.Resources[lambdaId(NOT_FOUND_FN)].Properties!.Environment.Variables.STT_TABLE = 42; },
      (p) => expect(p).toContain(`${lambdaId(NOT_FOUND_FN)}.Environment.Variables.STT_TABLE: expected a string, got 42`)],
    ['a non-numeric Integer', (t) => { t.Resources[lambdaId(NOT_FOUND_FN)].Properties!.MemorySize = '512MB'; },
      (p) => expect(p).toContain(`${lambdaId(NOT_FOUND_FN)}.MemorySize: expected an integer, got "512MB"`)],
    ['a scalar where a list belongs', (t) => { t.Resources[lambdaId(NOT_FOUND_FN)].Properties!.Architectures = 'arm64'; },
      (p) => expect(p).toContain(`${lambdaId(NOT_FOUND_FN)}.Architectures: expected a list, got "arm64"`)],
    ['a Ref to nothing', (t) => { t.Resources[lambdaId(NOT_FOUND_FN)].Properties!.Code.S3Bucket = { Ref: 'NoSuchBucket' }; },
      (p) => expect(p).toContain(`${lambdaId(NOT_FOUND_FN)}.Code.S3Bucket: Ref to undefined NoSuchBucket`)],
    ['a GetAtt of an unknown attribute', (t) => { t.Resources[lambdaId(NOT_FOUND_FN)].Properties!.Role = { 'Fn::GetAtt': [TABLE_ID, 'Nope'] }; },
      (p) => expect(p).toContain(`${lambdaId(NOT_FOUND_FN)}.Role: AWS::DynamoDB::Table ${TABLE_ID} has no attribute Nope`)],
    ['a DependsOn on nothing', (t) => { t.Resources[TABLE_ID].DependsOn = 'NoSuchResource'; },
      (p) => expect(p).toContain(`${TABLE_ID}.DependsOn: missing resource NoSuchResource`)],
  ];

  it.each(broken)('catches %s', (_, breakIt, expectProblem) => {
    const copy = structuredClone(template);
    breakIt(copy);
    expectProblem([...specProblems(copy), ...referenceProblems(copy)]);
  });

  it('accepts an Integer given as a numeric string, as CloudFormation does', () => {
    const copy = structuredClone(template);
    copy.Resources[lambdaId(NOT_FOUND_FN)].Properties!.MemorySize = '512';
    expect(specProblems(copy).filter((problem) => problem.includes('.MemorySize'))).toEqual([]);
  });
});
