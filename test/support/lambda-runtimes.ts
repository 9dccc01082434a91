/**
 * When AWS Lambda deprecates each Node.js runtime: from that date it no longer applies security patches, and soon
 * after it refuses to create functions on it (`sls deploy` of a new stack fails). The one list the template test
 * checks serverless.yml against; a runtime whose date has passed fails the test.
 *
 * Source: AWS Lambda Developer Guide, "Lambda runtimes" (docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html),
 * tables "Supported runtimes" (deprecation dates announced ahead) and "Deprecated runtimes", as of 2026-12.
 * Add new runtimes here when AWS publishes their dates.
 */
export const NODE_RUNTIME_DEPRECATION: Readonly<Record<string, string>> = {
  nodejs: '2016-10-31',
  'nodejs4.3': '2020-03-05',
  'nodejs4.3-edge': '2019-04-30',
  'nodejs6.10': '2019-08-12',
  'nodejs8.10': '2020-03-06',
  'nodejs10.x': '2021-07-30',
  'nodejs12.x': '2023-03-31',
  'nodejs14.x': '2023-12-04',
  'nodejs16.x': '2024-06-12',
  'nodejs18.x': '2025-09-01',
  'nodejs20.x': '2026-04-30',
  'nodejs22.x': '2027-04-30',
  'nodejs24.x': '2028-04-30',
};

/** Whether AWS has deprecated the runtime by `today` (an unknown runtime counts as deprecated: add it above first). */
export function isDeprecatedRuntime(runtime: string, today = new Date()): boolean {
  const date = NODE_RUNTIME_DEPRECATION[runtime];
  return date === undefined || new Date(`${date}T00:00:00Z`) <= today;
}
