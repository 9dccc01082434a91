// The packaged template's DynamoDB table against lib/store/keys.ts, each function's IAM role against the table use of its
// code, and every resource against the CloudFormation resource specification (one packaging for both).
import { describe, it, expect, beforeAll } from 'vitest';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { build } from 'esbuild';
import { DUE_INDEX, OWNER_INDEX } from '../../lib/store/keys';
import { loadCloudFormationSpec, referenceProblems, specProblems, type CloudFormationSpec } from '../support/cloudformation-spec';
import {
  NOT_FOUND_FN, ROOT, SCHEDULED_FN, TABLE_ID, asArray, lambdaId, resourcesOfType, routeFunctions, template, type Template,
  usePackagedService,
} from '../support/packaged-service';

usePackagedService();

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

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

/** What a function's code does to the table: the IAM actions of the DynamoDB commands it sends, the indexes it names. */
interface TableUse {
  actions: string[];
  indexes: string[];
}

const DYNAMODB_PACKAGES = ['@aws-sdk/lib-dynamodb', '@aws-sdk/client-dynamodb'];

/**
 * A function's use of the table, read from its code as esbuild bundles it for deployment (the AWS SDK external,
 * code no export reaches dropped), so that each function answers for what it can run, not for everything its
 * modules could do: the action of every DynamoDB command class the remaining code refers to, and the name of every
 * index (of `indexNames`) that appears in it as a string.
 */
async function tableUseOf(entry: { file: string } | { code: string }, indexNames: readonly string[]): Promise<TableUse> {
  const { outputFiles } = await build({
    ...('file' in entry ? { entryPoints: [join(ROOT, entry.file)] } : { stdin: { contents: entry.code, resolveDir: ROOT, loader: 'ts' as const } }),
    bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, external: ['@aws-sdk/*'], logLevel: 'silent',
  });
  const bundle = outputFiles[0].text;
  const where = 'file' in entry ? entry.file : 'the code';
  const namedImport = /import\s*\{([^}]*)\}\s*from\s*"(@aws-sdk\/[^"]+)";?/g;
  const rest = bundle.replace(namedImport, '');
  for (const pkg of DYNAMODB_PACKAGES) {
    if (rest.includes(`"${pkg}"`)) throw new Error(`${where} uses ${pkg} other than by named imports: this test cannot tell which commands it sends`);
  }
  const actions = new Set<string>();
  for (const [, names, pkg] of bundle.matchAll(namedImport)) {
    if (!DYNAMODB_PACKAGES.includes(pkg)) continue;
    for (const specifier of names.split(',').map((n) => n.trim()).filter(Boolean)) {
      const [name, local = name] = specifier.split(/\s+as\s+/);
      if (!name.endsWith('Command') || !new RegExp(`(?<![\\w$])${local.replace(/\$/g, '\\$')}(?![\\w$])`).test(rest)) continue;
      const action = pkg === '@aws-sdk/lib-dynamodb' ? DOCUMENT_COMMAND_ACTIONS[name] : name.slice(0, -'Command'.length);
      if (!action) throw new Error(`${where} sends ${name} of ${pkg}: add its IAM action to this test's table`);
      actions.add(`dynamodb:${action}`);
    }
  }
  const indexes = indexNames.filter((name) => new RegExp(`["'\`]${name}["'\`]`).test(rest));
  return { actions: [...actions].sort(), indexes: indexes.sort() };
}

/** The handler file of a Lambda function resource (`functions/<fn>.handler` -> `functions/<fn>.ts`). */
function handlerFileOf(fnId: string, t: Template): string {
  const handler: string = t.Resources[fnId].Properties?.Handler ?? '';
  const match = /^(.+)\.handler$/.exec(handler);
  if (!match) throw new Error(`${fnId}: unexpected Handler ${JSON.stringify(handler)}`);
  return `${match[1]}.ts`;
}

const TABLE_ARN = { 'Fn::GetAtt': [TABLE_ID, 'Arn'] };
const isTableArn = (r: unknown) => isDeepStrictEqual(r, TABLE_ARN) || isDeepStrictEqual(r, { 'Fn::GetAtt': `${TABLE_ID}.Arn` });
/** The index an ARN names (`<table ARN>/index/<name>`, as Fn::Join or Fn::Sub; `*` for all of them), or undefined. */
function indexOfArn(r: unknown): string | undefined {
  if (isObject(r) && Array.isArray(r['Fn::Join']) && r['Fn::Join'][0] === '/') {
    const [first, ...parts] = r['Fn::Join'][1] as unknown[];
    if (isTableArn(first) && parts.length === 2 && parts[0] === 'index' && typeof parts[1] === 'string') return parts[1];
  }
  if (isObject(r) && typeof r['Fn::Sub'] === 'string') return new RegExp(`^\\$\\{${TABLE_ID}\\.Arn\\}/index/([^/]+)$`).exec(r['Fn::Sub'])?.[1];
  return undefined;
}

/**
 * Every way a function's role differs from its code's use of the table (empty: none). The role must allow on the
 * table exactly the DynamoDB actions the code sends, allow Query (and nothing else) on exactly the indexes the code
 * names when it queries, and grant DynamoDB access no other way (no wildcard, NotAction/NotResource, other resource
 * or managed policy).
 */
function roleProblems(t: Template, uses: ReadonlyMap<string, TableUse>): string[] {
  const problems: string[] = [];
  for (const [fnId, fn] of resourcesOfType(t, 'AWS::Lambda::Function')) {
    const use = uses.get(fnId);
    if (!use) {
      problems.push(`${fnId}: no code analysed (is it a new function? its handler must be functions/<name>.handler)`);
      continue;
    }
    const roleRef = fn.Properties?.Role;
    const roleId = isObject(roleRef) && Array.isArray(roleRef['Fn::GetAtt']) ? roleRef['Fn::GetAtt'][0] : undefined;
    const role = typeof roleId === 'string' ? t.Resources[roleId] : undefined;
    if (role?.Type !== 'AWS::IAM::Role') {
      problems.push(`${fnId}: its Role is not a GetAtt Arn of a role of this template: ${JSON.stringify(roleRef)}`);
      continue;
    }
    if (asArray(role.Properties?.ManagedPolicyArns).length > 0) problems.push(`${fnId}: its role ${roleId} has managed policies`);
    const onTable = new Set<string>();
    const onIndexes = new Map<string, Set<string>>();
    const statements = asArray(role.Properties?.Policies).flatMap((policy: any) => asArray(policy?.PolicyDocument?.Statement));
    for (const statement of statements as Record<string, unknown>[]) {
      if (statement.Effect !== 'Allow') continue;
      if ('NotAction' in statement || 'NotResource' in statement) problems.push(`${fnId}: its role ${roleId} has a NotAction or NotResource statement`);
      const actions = asArray(statement.Action as string | string[]).filter((a) => a === '*' || a.toLowerCase().startsWith('dynamodb:'));
      if (actions.length === 0) continue;
      for (const action of actions) if (action.includes('*')) problems.push(`${fnId}: its role ${roleId} allows the wildcard ${action}`);
      for (const resource of asArray(statement.Resource)) {
        const index = indexOfArn(resource);
        if (isTableArn(resource)) actions.forEach((a) => onTable.add(a));
        else if (index !== undefined) actions.forEach((a) => onIndexes.set(index, new Set([...(onIndexes.get(index) ?? []), a])));
        else problems.push(`${fnId}: its role ${roleId} allows ${actions.join(', ')} on ${JSON.stringify(resource)}, which is not the table or one of its indexes`);
      }
    }
    for (const action of use.actions) {
      if (!onTable.has(action)) problems.push(`${fnId}: its code sends ${action}, which its role does not allow on the table`);
    }
    for (const action of onTable) {
      if (!use.actions.includes(action)) problems.push(`${fnId}: its role allows ${action} on the table, which its code never sends`);
    }
    const queried = use.actions.includes('dynamodb:Query') ? use.indexes : [];
    for (const index of queried) {
      if (!onIndexes.get(index)?.has('dynamodb:Query')) problems.push(`${fnId}: its code queries index ${index}, which its role does not allow`);
    }
    for (const [index, actions] of onIndexes) {
      if (!queried.includes(index)) problems.push(`${fnId}: its role allows ${[...actions].join(', ')} on index ${index}, which its code does not query`);
      for (const action of actions) {
        if (action !== 'dynamodb:Query') problems.push(`${fnId}: its role allows ${action} on index ${index}; only Query applies to an index`);
      }
    }
  }
  return problems;
}

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

describe('the functions\' IAM roles (least privilege, each function against its own code)', () => {
  /** Each Lambda function of the template (whatever its route or event) -> its code's use of the table. */
  const uses = new Map<string, TableUse>();
  const indexNames = () => (template.Resources[TABLE_ID]?.Properties?.GlobalSecondaryIndexes ?? []).map((index: { IndexName: string }) => index.IndexName);
  const roleOf = (t: Template, fn: string) => t.Resources[t.Resources[lambdaId(fn)].Properties!.Role['Fn::GetAtt'][0]];
  const statementsOf = (t: Template, fn: string): Record<string, any>[] => roleOf(t, fn).Properties!.Policies[0].PolicyDocument.Statement;

  beforeAll(async () => {
    const functions = resourcesOfType(template, 'AWS::Lambda::Function');
    await Promise.all(functions.map(async ([fnId]) => uses.set(fnId, await tableUseOf({ file: handlerFileOf(fnId, template) }, indexNames()))));
  }, 60_000);

  it('reads each function\'s table use from its own bundle, without the code it cannot run', async () => {
    const code = `import { GetCommand, PutCommand as Put } from '@aws-sdk/lib-dynamodb';
      import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
      export const used = () => [new GetCommand({} as never), new DescribeTableCommand({} as never), 'byOwner'];
      const unused = () => [new Put({} as never), 'byDue'];`;
    expect(await tableUseOf({ code }, ['byOwner', 'byDue'])).toEqual({ actions: ['dynamodb:DescribeTable', 'dynamodb:GetItem'], indexes: ['byOwner'] });
    expect(uses.get(lambdaId(SCHEDULED_FN))).toMatchObject({ indexes: [DUE_INDEX] });
    expect(uses.get(lambdaId('listLanguageModels'))).toMatchObject({ indexes: [OWNER_INDEX] });
    expect(uses.get(lambdaId('issueToken'))?.actions).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    for (const fn of [...routeFunctions(), NOT_FOUND_FN, SCHEDULED_FN]) expect(uses.has(lambdaId(fn)), fn).toBe(true);
  });

  it('allows every function exactly the DynamoDB actions its code sends on the table, and Query on exactly the indexes it names', () => {
    expect(uses.size).toBe(resourcesOfType(template, 'AWS::Lambda::Function').length);
    const problems = roleProblems(template, uses);
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('grants no DynamoDB access to a function whose code does not use DynamoDB (the default role has none)', () => {
    const role = template.Resources.IamRoleLambdaExecution;
    if (role) {
      const actions = asArray(role.Properties?.Policies).flatMap((policy: any) => asArray(policy.PolicyDocument?.Statement))
        .flatMap((statement: any) => asArray(statement.Action)) as string[];
      expect(actions.filter((action) => action === '*' || action.toLowerCase().startsWith('dynamodb:'))).toEqual([]);
    }
  });

  // The check must be able to fail: break a copy of the template and expect it to say so.
  const broken: [string, (t: Template) => void, string][] = [
    ['an action the function does not send', (t) => { statementsOf(t, 'getLanguageModel').find((s) => isTableArn(s.Resource))!.Action.push('dynamodb:Scan'); },
      `${lambdaId('getLanguageModel')}: its role allows dynamodb:Scan on the table, which its code never sends`],
    ['a missing action the function sends', (t) => {
      const statement = statementsOf(t, NOT_FOUND_FN).find((s) => isTableArn(s.Resource))!;
      statement.Action = asArray(statement.Action).filter((a: string) => a !== 'dynamodb:GetItem');
    }, `${lambdaId(NOT_FOUND_FN)}: its code sends dynamodb:GetItem, which its role does not allow on the table`],
    ['the role of a function that uses no DynamoDB, given to one that does', (t) => {
      t.Resources[lambdaId(NOT_FOUND_FN)].Properties!.Role = { 'Fn::GetAtt': ['IamRoleLambdaExecution', 'Arn'] };
    }, `${lambdaId(NOT_FOUND_FN)}: its code sends dynamodb:GetItem, which its role does not allow on the table`],
    ['all the indexes instead of the one queried', (t) => {
      statementsOf(t, 'listLanguageModels').push({ Effect: 'Allow', Action: ['dynamodb:Query'], Resource: { 'Fn::Join': ['/', [TABLE_ARN, 'index', '*']] } });
    }, `${lambdaId('listLanguageModels')}: its role allows dynamodb:Query on index *, which its code does not query`],
    ['another index than the one queried', (t) => {
      for (const s of statementsOf(t, 'listLanguageModels')) if (indexOfArn(s.Resource) === OWNER_INDEX) s.Resource = { 'Fn::Sub': `\${${TABLE_ID}.Arn}/index/${DUE_INDEX}` };
    }, `${lambdaId('listLanguageModels')}: its code queries index ${OWNER_INDEX}, which its role does not allow`],
    ['a wildcard action', (t) => { statementsOf(t, 'getWord').push({ Effect: 'Allow', Action: 'dynamodb:*', Resource: TABLE_ARN }); },
      'allows the wildcard dynamodb:*'],
    ['a managed policy', (t) => { roleOf(t, 'getWord').Properties!.ManagedPolicyArns = ['arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess']; },
      'has managed policies'],
    ['access to another resource', (t) => { statementsOf(t, 'getWord').push({ Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: '*' }); },
      'which is not the table or one of its indexes'],
  ];

  it.each(broken)('catches %s', (_, breakIt, expected) => {
    const copy = structuredClone(template);
    breakIt(copy);
    const problems = roleProblems(copy, uses);
    expect(problems.some((problem) => problem.includes(expected)), `${expected}\nin:\n${problems.join('\n')}`).toBe(true);
  });
});

describe('the CloudFormation resource specification (@aws-cdk/aws-service-spec)', () => {
  let spec: CloudFormationSpec;
  beforeAll(async () => {
    spec = await loadCloudFormationSpec();
  });

  it('knows every resource type and property; required properties are present; literals are well typed', () => {
    expect(Object.keys(template.Resources).length).toBeGreaterThan(0);
    const problems = specProblems(template, spec);
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('every Ref, GetAtt, Sub variable and DependsOn names an existing resource and attribute', () => {
    const problems = referenceProblems(template, spec);
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
    ['a malformed item of a list that may also be JSON (KeySchema)', (t) => { t.Resources[TABLE_ID].Properties!.KeySchema[0].KeyTyp = 'HASH'; },
      (p) => expect(p).toContain(`${TABLE_ID}.KeySchema[0].KeyTyp: not a property of AWS::DynamoDB::Table.KeySchema`)],
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
    expectProblem([...specProblems(copy, spec), ...referenceProblems(copy, spec)]);
  });

  it('accepts an Integer given as a numeric string, as CloudFormation does', () => {
    const copy = structuredClone(template);
    copy.Resources[lambdaId(NOT_FOUND_FN)].Properties!.MemorySize = '512';
    expect(specProblems(copy, spec).filter((problem) => problem.includes('.MemorySize'))).toEqual([]);
  });
});
