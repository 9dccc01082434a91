import type { TestProject } from 'vitest/node';
import { startLocalStack } from '../../scripts/local-stack.mjs';
import { freePort } from '../support/ports';

declare module 'vitest' {
  export interface ProvidedContext {
    emulatorUrl: string;
    /** The file the stack writes the functions' output to (their request log lines among serverless-offline's own). */
    emulatorLogFile: string;
  }
}

/** One emulator for the e2e files, started as `npm start` starts it, with nothing kept on disk. */
export default async function setup(project: TestProject) {
  const stack = await startLocalStack({
    port: await freePort(),
    dynamodbPort: await freePort(),
    lambdaPort: await freePort(),
    websocketPort: await freePort(),
    dataDir: ':memory:',
    env: { STT_TABLE: 'stt-e2e', STT_CORPUS_SECONDS: '1', STT_WORDS_SECONDS: '1', STT_GRAMMAR_SECONDS: '1', STT_TRAINING_SECONDS: '1', STT_UPGRADE_SECONDS: '1', STT_AUDIO_SECONDS: '1' },
  });
  project.provide('emulatorUrl', stack.url);
  project.provide('emulatorLogFile', stack.logFile!);
  return async () => stack.stop();
}
