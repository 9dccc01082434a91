// The packaged template's Lambda functions (runtime, layer, source maps, schedule) and HTTP API routes against ROUTES.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ROUTES, routePaths } from '../../lib/routes';
import { isDeprecatedRuntime } from '../support/lambda-runtimes';
import {
  NOT_FOUND_FN, SCHEDULED_FN, asArray, lambdaId, packageDir, resourcesOfType, routeFunctions, template, usePackagedService,
} from '../support/packaged-service';

usePackagedService();

/** The names of the files in a zip archive (unzip's listing). */
function zipEntries(zip: string): string[] {
  const run = spawnSync('unzip', ['-Z1', zip], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`unzip -Z1 ${zip}: ${run.stderr}`);
  return run.stdout.split('\n').filter((line) => line !== '' && !line.endsWith('/'));
}

/** One file of a zip archive, as text. */
function zipEntry(zip: string, entry: string): string {
  const run = spawnSync('unzip', ['-p', zip, entry], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`unzip -p ${zip} ${entry}: ${run.stderr}`);
  return run.stdout;
}

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

describe('functions and HTTP API routes (serverless.yml vs lib/http/routes.ts)', () => {
  it('gives every function of ROUTES, and routeNotFound, a nodejs24.x Lambda with its handler', () => {
    for (const fn of [...routeFunctions(), NOT_FOUND_FN]) {
      const resource = template.Resources[lambdaId(fn)];
      expect(resource?.Type, `${lambdaId(fn)} for ${fn}`).toBe('AWS::Lambda::Function');
      expect(resource.Properties?.Runtime, `${fn} Runtime`).toBe('nodejs24.x');
      expect(resource.Properties?.Handler, `${fn} Handler`).toBe(`functions/${fn}.handler`);
    }
  });

  it('runs every function, and the layer, on a runtime AWS Lambda has not deprecated (test/support/lambda-runtimes.ts)', () => {
    const runtimes = [
      ...resourcesOfType(template, 'AWS::Lambda::Function').map(([id, resource]) => [id, resource.Properties?.Runtime] as const),
      ...resourcesOfType(template, 'AWS::Lambda::LayerVersion')
        .flatMap(([id, resource]) => asArray<string>(resource.Properties?.CompatibleRuntimes).map((runtime) => [id, runtime] as const)),
    ];
    expect(runtimes.length).toBeGreaterThan(routeFunctions().length);
    for (const [id, runtime] of runtimes) expect(isDeprecatedRuntime(String(runtime)), `${id} runs ${runtime}`).toBe(false);
    // the check itself: Node.js 20 was deprecated on 2026-04-30, 22 is not before 2027-04-30
    expect(isDeprecatedRuntime('nodejs20.x', new Date('2026-12-02'))).toBe(true);
    expect(isDeprecatedRuntime('nodejs22.x', new Date('2026-12-02'))).toBe(false);
    expect(isDeprecatedRuntime('nodejs99.x')).toBe(true);
  });

  it('packages the dictionaries once, as a layer that exactly the functions reading them attach, and finds them under /opt', () => {
    const layers = resourcesOfType(template, 'AWS::Lambda::LayerVersion');
    expect(layers.map(([id]) => id)).toEqual(['DictionariesLambdaLayer']);
    const entries = zipEntries(join(packageDir, 'dictionaries.zip'));
    const families = ['de', 'en', 'es', 'fr', 'it', 'ko', 'nl', 'pt'];
    expect(entries.sort()).toEqual(families.flatMap((family) => [`dictionary-${family}/index.aff`, `dictionary-${family}/index.dic`]));
    const attached = resourcesOfType(template, 'AWS::Lambda::Function')
      .filter(([, resource]) => JSON.stringify(resource.Properties?.Layers ?? []).includes('DictionariesLambdaLayer'))
      .map(([id]) => id).sort();
    expect(attached).toEqual(['addCorpus', 'addGrammar', 'addWord', 'addWords'].map(lambdaId));
    for (const id of attached) {
      expect(template.Resources[id].Properties?.Environment?.Variables?.STT_DICTIONARY_DIR, id).toBe('/opt');
      // the function's own package carries no dictionary
      const fn = id.replace(/LambdaFunction$/, '');
      expect(zipEntries(join(packageDir, `${fn[0].toLowerCase()}${fn.slice(1)}.zip`)).filter((entry) => entry.includes('dictionary-'))).toEqual([]);
    }
  });

  it('ships each function with its source map and runs it with source maps on', () => {
    for (const fn of [...routeFunctions(), NOT_FOUND_FN, SCHEDULED_FN]) {
      const env = template.Resources[lambdaId(fn)].Properties?.Environment?.Variables ?? {};
      expect(String(env.NODE_OPTIONS), `${fn} NODE_OPTIONS`).toContain('--enable-source-maps');
      expect(zipEntries(join(packageDir, `${fn}.zip`)).sort(), fn).toEqual([`functions/${fn}.js`, `functions/${fn}.js.map`]);
    }
    const code = zipEntry(join(packageDir, 'getLanguageModel.zip'), 'functions/getLanguageModel.js');
    expect(code.trimEnd().endsWith('//# sourceMappingURL=getLanguageModel.js.map')).toBe(true);
    const map = JSON.parse(zipEntry(join(packageDir, 'getLanguageModel.zip'), 'functions/getLanguageModel.js.map')) as { sources: string[] };
    expect(map.sources.filter((source) => /lib\/customization\/access\.ts$/.test(source))).toHaveLength(1);
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
