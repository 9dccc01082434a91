export const ROOT: string;
export const LOOPBACK: string;
export interface LocalStack {
  url: string;
  dynamodbEndpoint: string;
  tableName: string;
  logFile: string | null;
  exited: Promise<{ code: number | null; signal: string | null }>;
  stop(): Promise<void>;
}
export function tableDefinition(tableName: string): Record<string, unknown>;
export function startDynalite(options: { port: number; dataDir: string }): Promise<{ endpoint: string; close(): Promise<void> }>;
export function ensureTable(endpoint: string, tableName: string): Promise<void>;
export function startLocalStack(options?: {
  port?: number;
  dynamodbPort?: number;
  lambdaPort?: number;
  websocketPort?: number;
  dataDir?: string;
  env?: Record<string, string>;
  logFile?: string | null;
  /** Called with each request log line of the functions (pretty terminal output of `npm start`). */
  onLogLine?: (line: string) => void;
}): Promise<LocalStack>;
