import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PropertyType, ResourceProperties, SpecDatabase } from '@aws-cdk/service-spec-types';

/**
 * The CloudFormation resource specification as the AWS CDK maintains it (@aws-cdk/aws-service-spec: every resource
 * type with its properties, property types and attributes, in `db.json.gz`, read with @aws-cdk/service-spec-types),
 * and the checks of a template against it: resource types and properties known, required properties present,
 * literals well typed, every Ref, GetAtt, Sub variable and DependsOn naming something that exists.
 *
 * Loading the database takes about a second (gunzip and parse 15 MB, then index it). The checks need only a part of
 * it (property and attribute names, types, required flags; no documentation, metrics or events): about 3 MB of JSON
 * that parses in some 50 ms. That part is cached in `node_modules/.cache/cloudformation-spec/<hash>.json`, the hash
 * being of the database file (and of this module's cache format), so a new version of the package rebuilds it; and
 * once loaded it is kept for the rest of the process.
 */

// ---------------------------------------------------------------------------------------------------------------
// The part of the specification the checks use
// ---------------------------------------------------------------------------------------------------------------

/** A property's type, as in the database (`ref` by the property type's id). */
export type SpecType =
  | { readonly type: 'string' | 'number' | 'integer' | 'boolean' | 'json' | 'date-time' | 'null' | 'tag' }
  | { readonly type: 'ref'; readonly id: string }
  | { readonly type: 'array' | 'map'; readonly element: SpecType }
  | { readonly type: 'union'; readonly types: readonly SpecType[] };

export interface SpecProperty {
  readonly type: SpecType;
  readonly required?: true;
}

export interface CloudFormationSpec {
  /** By CloudFormation type (`AWS::Lambda::Function`): its properties and the attributes Fn::GetAtt can read. */
  readonly resources: Readonly<Record<string, { readonly properties: Readonly<Record<string, SpecProperty>>; readonly attributes: readonly string[] }>>;
  /** Property types by id: the name (`Projection`, of the resource type that uses it) and its properties. */
  readonly types: Readonly<Record<string, { readonly name: string; readonly properties: Readonly<Record<string, SpecProperty>> }>>;
}

/** Bumped when what is cached changes shape, so that an older cache is not read as this one. */
const CACHE_FORMAT = 1;

let loading: Promise<CloudFormationSpec> | undefined;

/** The specification: from the cache if it is there for this database, else from the database (then cached). Once per process. */
export function loadCloudFormationSpec(): Promise<CloudFormationSpec> {
  loading ??= load();
  return loading;
}

async function load(): Promise<CloudFormationSpec> {
  const packageDir = dirname(dirname(createRequire(import.meta.url).resolve('@aws-cdk/aws-service-spec'))); // <package>/lib/index.js
  const database = await readFile(join(packageDir, 'db.json.gz'));
  const key = createHash('sha256').update(`cache format ${CACHE_FORMAT}\n`).update(database).digest('hex').slice(0, 16);
  const cacheDir = join(packageDir, '..', '..', '.cache', 'cloudformation-spec'); // node_modules/.cache/…
  const cacheFile = join(cacheDir, `${key}.json`);
  try {
    const cached = JSON.parse(await readFile(cacheFile, 'utf8')) as CloudFormationSpec;
    if (isObject(cached.resources) && isObject(cached.types)) return cached;
  } catch {
    // not cached yet, or unreadable: built below
  }
  const { loadAwsServiceSpec } = await import('@aws-cdk/aws-service-spec');
  const spec = extract(await loadAwsServiceSpec());
  try {
    mkdirSync(cacheDir, { recursive: true });
    const partial = join(cacheDir, `.${key}.${process.pid}.${randomBytes(4).toString('hex')}`);
    writeFileSync(partial, JSON.stringify(spec));
    renameSync(partial, cacheFile); // whole or not at all, for a test run reading it at the same time
    for (const file of readdirSync(cacheDir)) {
      if (file.endsWith('.json') && file !== `${key}.json`) rmSync(join(cacheDir, file), { force: true }); // of an older database
    }
  } catch {
    // a cache that cannot be written only costs the next run the load
  }
  return spec;
}

function extract(db: SpecDatabase): CloudFormationSpec {
  const type = (t: PropertyType): SpecType => {
    switch (t.type) {
      case 'ref': return { type: 'ref', id: t.reference.$ref };
      case 'array':
      case 'map': return { type: t.type, element: type(t.element) };
      case 'union': return { type: 'union', types: t.types.map(type) };
      default: return { type: t.type };
    }
  };
  const properties = (props: ResourceProperties) => Object.fromEntries(
    Object.entries(props).map(([name, p]): [string, SpecProperty] => [name, p.required ? { type: type(p.type), required: true } : { type: type(p.type) }]),
  );
  return {
    resources: Object.fromEntries(db.all('resource').map((r) => [r.cloudFormationType, { properties: properties(r.properties), attributes: Object.keys(r.attributes) }])),
    types: Object.fromEntries(db.all('typeDefinition').map((d) => [d.$id, { name: d.name, properties: properties(d.properties) }])),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------------------------------------------

/** What the checks read of a CloudFormation template. */
export interface TemplateLike {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: string | string[]; [attribute: string]: unknown }>;
  Parameters?: Record<string, unknown>;
  Outputs?: Record<string, unknown>;
}

const RESOURCE_ATTRIBUTES = new Set([
  'Type', 'Properties', 'DependsOn', 'Condition', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy', 'CreationPolicy', 'UpdatePolicy',
]);
const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix',
]);
/** The spec's built-in `tag` type (the old specification's Tag). */
const TAG_PROPERTIES: Record<string, SpecProperty> = { Key: { type: { type: 'string' }, required: true }, Value: { type: { type: 'string' }, required: true } };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** `record[key]` if the record has it itself (not `constructor` and the like from Object.prototype). */
const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);
const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** `{ Ref: … }` or `{ "Fn::…": … }`: a value CloudFormation computes, whose type this check cannot know. */
function isIntrinsic(v: unknown): v is Record<string, unknown> {
  if (!isObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/**
 * Literal against a primitive type. Strings and Booleans must be exactly that JS type (a quoted `'true'` or an
 * unquoted number where a string belongs is a YAML slip); integers and numbers also accept a numeric string, which
 * CloudFormation converts.
 */
function primitiveProblem(value: unknown, type: string): string | undefined {
  const got = `got ${JSON.stringify(value)}`;
  const numericString = typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value));
  switch (type) {
    case 'string':
    case 'date-time':
      return typeof value === 'string' ? undefined : `expected a string, ${got}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `expected a boolean, ${got}`;
    case 'integer':
      return Number.isInteger(value) || (numericString && Number.isInteger(Number(value))) ? undefined : `expected an integer, ${got}`;
    case 'number':
      return (typeof value === 'number' && Number.isFinite(value)) || numericString ? undefined : `expected a number, ${got}`;
    case 'json':
      return typeof value === 'object' && value !== null ? undefined : `expected a JSON object, ${got}`;
    case 'null':
      return value === null ? undefined : `expected null, ${got}`;
    default:
      return `the spec's type ${type} is unknown to this check`;
  }
}

/** Where a check is: the specification, the resource type whose property types apply, the problems found so far. */
interface Context {
  spec: CloudFormationSpec;
  resourceType: string;
  problems: string[];
}

function checkValue(value: unknown, type: SpecType, where: string, cx: Context): void {
  if (isIntrinsic(value)) return;
  switch (type.type) {
    case 'ref': {
      const def = own(cx.spec.types, type.id);
      if (!def) cx.problems.push(`${where}: the spec has no property type ${type.id}`);
      else checkProperties(value, def.properties, `${cx.resourceType}.${def.name}`, where, cx);
      return;
    }
    case 'tag':
      checkProperties(value, TAG_PROPERTIES, 'Tag', where, cx);
      return;
    case 'array':
    case 'map': {
      const entries: [string, unknown][] | undefined = type.type === 'array'
        ? (Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v]) : undefined)
        : (isObject(value) ? Object.entries(value).map(([k, v]) => [`.${k}`, v]) : undefined);
      if (!entries) cx.problems.push(`${where}: expected a ${type.type === 'array' ? 'list' : 'map'}, got ${JSON.stringify(value)}`);
      else for (const [key, item] of entries) checkValue(item, type.element, where + key, cx);
      return;
    }
    case 'union':
      checkUnion(value, type.types, where, cx);
      return;
    default: {
      const problem = primitiveProblem(value, type.type);
      if (problem) cx.problems.push(`${where}: ${problem}`);
    }
  }
}

/**
 * A value of one of several types: fine if one of them takes it. `json` takes any object or list, so a list is held
 * to the union's list type if it has one (DynamoDB's KeySchema: a list of KeySchema, or JSON). When no type takes the
 * value, the problems are those of the one type of its shape, else a list of the types.
 */
function checkUnion(value: unknown, types: readonly SpecType[], where: string, cx: Context): void {
  const members = Array.isArray(value) && types.some((t) => t.type === 'array') ? types.filter((t) => t.type !== 'json') : types;
  const attempts = members.map((member) => {
    const problems: string[] = [];
    checkValue(value, member, where, { ...cx, problems });
    return { member, problems };
  });
  if (attempts.some((attempt) => attempt.problems.length === 0)) return;
  const shaped = attempts.filter((attempt) => hasShapeOf(value, attempt.member));
  if (shaped.length === 1) cx.problems.push(...shaped[0].problems);
  else cx.problems.push(`${where}: expected ${members.map((m) => describeType(m, cx)).join(' or ')}, got ${JSON.stringify(value)}`);
}

function hasShapeOf(value: unknown, type: SpecType): boolean {
  switch (type.type) {
    case 'string':
    case 'date-time': return typeof value === 'string';
    case 'integer':
    case 'number': return typeof value === 'number' || typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    case 'null': return value === null;
    case 'array': return Array.isArray(value);
    case 'json': return typeof value === 'object' && value !== null;
    case 'union': return type.types.some((t) => hasShapeOf(value, t));
    default: return isObject(value); // ref, tag, map
  }
}

function describeType(type: SpecType, cx: Context): string {
  switch (type.type) {
    case 'ref': return `an object (${cx.resourceType}.${own(cx.spec.types, type.id)?.name ?? type.id})`;
    case 'array': return 'a list';
    case 'map': return 'a map';
    case 'union': return type.types.map((t) => describeType(t, cx)).join(' or ');
    case 'integer': return 'an integer';
    case 'json': return 'a JSON object';
    case 'null': return 'null';
    default: return `a ${type.type}`;
  }
}

function checkProperties(value: unknown, props: Readonly<Record<string, SpecProperty>>, typeName: string, where: string, cx: Context): void {
  if (!isObject(value)) {
    cx.problems.push(`${where}: expected an object (${typeName}), got ${JSON.stringify(value)}`);
    return;
  }
  for (const [name, v] of Object.entries(value)) {
    const prop = own(props, name);
    if (!prop) cx.problems.push(`${where}.${name}: not a property of ${typeName}`);
    else checkValue(v, prop.type, `${where}.${name}`, cx);
  }
  for (const [name, prop] of Object.entries(props)) {
    if (prop.required && !Object.hasOwn(value, name)) cx.problems.push(`${where}.${name}: required by ${typeName} but missing`);
  }
}

/** Each resource against the spec: type exists, properties known, required ones present, literals well typed. */
export function specProblems(template: TemplateLike, spec: CloudFormationSpec): string[] {
  const problems: string[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    for (const key of Object.keys(resource)) {
      if (!RESOURCE_ATTRIBUTES.has(key)) problems.push(`${id}: unknown resource attribute ${key}`);
    }
    const resourceSpec = own(spec.resources, resource.Type);
    if (!resourceSpec) {
      problems.push(`${id}: resource type ${resource.Type} is not in the spec`);
      continue;
    }
    checkProperties(resource.Properties ?? {}, resourceSpec.properties, resource.Type, id, { spec, resourceType: resource.Type, problems });
  }
  return problems;
}

/** Every Ref, Fn::GetAtt, Fn::Sub variable and DependsOn names something that exists (GetAtt: an attribute of its type). */
export function referenceProblems(template: TemplateLike, spec: CloudFormationSpec): string[] {
  const problems: string[] = [];
  const resources = template.Resources;
  const defined = (name: string) => Object.hasOwn(resources, name) || Object.hasOwn(template.Parameters ?? {}, name) || PSEUDO_PARAMETERS.has(name);
  const checkGetAtt = (id: string, attribute: string, where: string) => {
    const resource = own(resources, id);
    if (!resource) problems.push(`${where}: GetAtt of missing resource ${id}`);
    else if (!own(spec.resources, resource.Type)?.attributes.includes(attribute)) problems.push(`${where}: ${resource.Type} ${id} has no attribute ${attribute}`);
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
      const [id, attribute] = typeof arg === 'string' ? [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)] : asArray(arg);
      if (typeof id === 'string' && typeof attribute === 'string') checkGetAtt(id, attribute, where);
    }
    if (isIntrinsic(node) && 'Fn::Sub' in node) {
      const arg = node['Fn::Sub'];
      const [text, variables] = typeof arg === 'string' ? [arg, {}] : asArray(arg);
      for (const [, name] of String(text).matchAll(/\$\{([^!}][^}]*)\}/g)) {
        if (isObject(variables) && Object.hasOwn(variables, name)) continue;
        const dot = name.indexOf('.');
        if (dot > 0) checkGetAtt(name.slice(0, dot), name.slice(dot + 1), where);
        else if (!defined(name)) problems.push(`${where}: Fn::Sub of undefined \${${name}}`);
      }
    }
    for (const [key, value] of Object.entries(node)) walk(value, `${where}.${key}`);
  };
  for (const [id, resource] of Object.entries(resources)) {
    walk(resource.Properties, id);
    for (const dependency of asArray(resource.DependsOn)) {
      if (!Object.hasOwn(resources, dependency)) problems.push(`${id}.DependsOn: missing resource ${dependency}`);
    }
  }
  walk(template.Outputs, 'Outputs');
  return problems;
}
