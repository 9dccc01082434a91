// Packages the service (`sls package` on a scratch copy) for a template-*.test.ts file, and the template helpers those files share.
import { beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROUTES } from '../../lib/routes';

/**
 * The template-*.test.ts files package the service (`sls package`, no AWS account needed) and check the CloudFormation
 * template it would deploy: the functions and HTTP API routes against ROUTES (template-functions-routes), the table
 * against the layout in lib/store/keys.ts and the role against the DynamoDB calls the code makes (template-table-iam),
 * and every resource against the CloudFormation resource specification (template-table-iam too).
 */

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const NOT_FOUND_FN = 'routeNotFound';
/** The scheduled function: no route, a schedule rule instead. */
export const SCHEDULED_FN = 'advanceTraining';
export const TABLE_ID = 'ModelsTable';

export interface Resource {
  Type: string;
  Properties?: Record<string, any>;
  DependsOn?: string | string[];
  [attribute: string]: unknown;
}
export interface Template {
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
export let packageDir = '';
export let template: Template;

/** Packages the service before the file's tests (into `packageDir`, its template in `template`) and removes it after them. */
export function usePackagedService(): void {
  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'stt-template-'));
    const serviceDir = join(workDir, 'service');
    packageDir = join(workDir, 'package');
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
}

/** Serverless's logical id of a function: the name with its first letter upper-cased, then `LambdaFunction`. */
export const lambdaId = (fn: string) => `${fn[0].toUpperCase()}${fn.slice(1)}LambdaFunction`;

export const resourcesOfType = (t: Template, type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type);

export const routeFunctions = () => [...new Set(ROUTES.map((route) => route.fn))];

export const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
