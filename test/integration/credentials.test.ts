import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ROOT } from '../../scripts/local-stack.mjs';
import { instanceGuid, nameGuid } from '../../lib/ids';
import {
  credentialHash, deleteStoredCredential, getStoredCredential, listStoredCredentials, putStoredCredential,
} from '../../lib/store/credentials';
import { createSigningKey, readSigningKey } from '../../lib/store/signingKey';
import { dynamo } from '../../lib/store/client';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { useTestStore } from '../support/store';

/** Strict deployments' table content: credential items (and `npm run credentials`), and the token signing key. */

const store = useTestStore();
const run = promisify(execFile);

/** Runs scripts/credentials.mjs against this file's dynalite; resolves with its exit code and output. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'scripts/credentials.mjs'), ...args, '--endpoint', store.endpoint(), '--table', 'stt-test'], {
      cwd: ROOT, env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', NODE_NO_WARNINGS: '1' }, timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const SIGNING_KEY = { PK: 'SETTING#token-signing-key', SK: 'SETTING' };

describe('credential items (lib/store/credentials.ts)', () => {
  it('stores a credential under its SHA-256 only, and finds, lists and removes it', async () => {
    const credential = 'apikey:integration-key-1';
    const hash = credentialHash(credential);
    const instanceId = instanceGuid('team-int');
    expect(await putStoredCredential({ hash, instanceId, created: '2024-03-05T17:02:11.408Z', label: 'team-int' })).toBe(true);

    const { Item } = await dynamo().send(new GetCommand({ TableName: 'stt-test', Key: { PK: `CREDENTIAL#${hash}`, SK: 'CREDENTIAL' } }));
    expect(Item).toEqual({
      PK: `CREDENTIAL#${hash}`, SK: 'CREDENTIAL', OwnerPK: 'CREDENTIALS', OwnerSK: `${instanceId}#${hash}`,
      hash, instanceId, created: '2024-03-05T17:02:11.408Z', label: 'team-int',
    });
    expect(JSON.stringify(Item)).not.toContain('integration-key-1');

    expect(await getStoredCredential(hash)).toEqual({ hash, instanceId, created: '2024-03-05T17:02:11.408Z', label: 'team-int' });
    expect((await listStoredCredentials()).map((c) => c.hash)).toContain(hash);
    expect(await getStoredCredential(credentialHash('apikey:integration-key-2'))).toBeUndefined();

    expect(await deleteStoredCredential(hash)).toMatchObject({ hash, instanceId });
    expect(await deleteStoredCredential(hash)).toBeUndefined();
    expect(await getStoredCredential(hash)).toBeUndefined();
  });

  it('refuses to store a credential that exists unless told to replace it', async () => {
    const hash = credentialHash('user:integration-password');
    expect(await putStoredCredential({ hash, instanceId: instanceGuid('a'), created: 'x' })).toBe(true);
    expect(await putStoredCredential({ hash, instanceId: instanceGuid('b'), created: 'y' })).toBe(false);
    expect((await getStoredCredential(hash))?.instanceId).toBe(instanceGuid('a'));
    expect(await putStoredCredential({ hash, instanceId: instanceGuid('b'), created: 'y' }, { replace: true })).toBe(true);
    expect((await getStoredCredential(hash))?.instanceId).toBe(instanceGuid('b'));
    await deleteStoredCredential(hash);
  });

  it('does not show credential items among an owner\'s models (they share the owner index under their own key)', async () => {
    const { listModelsOfOwner } = await import('../../lib/store/models');
    const hash = credentialHash('apikey:integration-key-3');
    await putStoredCredential({ hash, instanceId: instanceGuid('c'), created: 'z' });
    expect(await listModelsOfOwner(instanceGuid('c'))).toEqual([]);
    await deleteStoredCredential(hash);
  });
});

describe('npm run credentials (scripts/credentials.mjs)', () => {
  it('adds, lists and removes API keys and user/password pairs, printing hashes only', async () => {
    const added = await cli('add', '--instance', 'cli-team', '--apikey', 'cli-secret-key');
    expect(added).toMatchObject({ code: 0 });
    const hash = credentialHash('apikey:cli-secret-key');
    expect(added.stdout).toContain(`Added credential ${hash} for instance ${nameGuid('instance:cli-team')} (cli-team)`);
    expect(await getStoredCredential(hash)).toMatchObject({ instanceId: nameGuid('instance:cli-team'), label: 'cli-team' });

    const guid = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    expect(await cli('add', '--instance', guid.toUpperCase(), '--user', 'carol', '--password', 'cli-secret-password', '--label', 'Carol'))
      .toMatchObject({ code: 0 });
    expect(await getStoredCredential(credentialHash('carol:cli-secret-password'))).toMatchObject({ instanceId: guid, label: 'Carol' });

    const again = await cli('add', '--instance', 'other', '--apikey', 'cli-secret-key');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already in stt-test');

    const listed = await cli('list', '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual(expect.arrayContaining([
      expect.objectContaining({ hash, instanceId: nameGuid('instance:cli-team') }),
      expect.objectContaining({ hash: credentialHash('carol:cli-secret-password'), instanceId: guid }),
    ]));

    expect(await cli('remove', '--apikey', 'cli-secret-key')).toMatchObject({ code: 0 });
    expect(await getStoredCredential(hash)).toBeUndefined();
    expect(await cli('remove', '--hash', credentialHash('carol:cli-secret-password'))).toMatchObject({ code: 0 });
    expect((await cli('remove', '--apikey', 'cli-secret-key')).code).toBe(1);

    for (const output of [added, again, listed]) {
      expect(output.stdout + output.stderr).not.toMatch(/cli-secret-key|cli-secret-password/);
    }
  });

  it('answers usage errors with exit code 2', async () => {
    expect((await cli('add', '--apikey', 'k')).code).toBe(2); // no instance
    expect((await cli('add', '--instance', 'x')).code).toBe(2); // no credential
    expect((await cli('remove', '--hash', 'abc')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
  });
});

describe('the token signing key (lib/store/signingKey.ts)', () => {
  afterEach(async () => {
    await dynamo().send(new DeleteCommand({ TableName: 'stt-test', Key: SIGNING_KEY }));
    vi.resetModules();
  });

  it('is stored by the first writer only: racing writers all get the winner\'s key', async () => {
    expect(await readSigningKey()).toBeUndefined();
    const keys = await Promise.all(['key-a', 'key-b', 'key-c', 'key-d'].map((candidate) => createSigningKey(candidate, '2024-03-05T17:02:11.408Z')));
    expect(new Set(keys).size).toBe(1);
    expect(['key-a', 'key-b', 'key-c', 'key-d']).toContain(keys[0]);
    expect(await readSigningKey()).toBe(keys[0]);
    expect(await createSigningKey('key-e', '2024-03-05T17:02:11.408Z')).toBe(keys[0]);
  });

  it('is the same for two cold starts that issue tokens at once: each verifies the other\'s token', async () => {
    const saved = { STT_AUTH: process.env.STT_AUTH, STT_TOKEN_SECRET: process.env.STT_TOKEN_SECRET };
    process.env.STT_AUTH = 'strict';
    delete process.env.STT_TOKEN_SECRET;
    try {
      // Two containers: two fresh copies of the token module, each with its own (empty) key cache and client.
      const first = await import('../../lib/auth/tokens');
      vi.resetModules();
      const second = await import('../../lib/auth/tokens');
      expect(first).not.toBe(second);
      const now = Date.now();
      const [a, b] = await Promise.all([first.issueToken('instance-a', now), second.issueToken('instance-b', now)]);
      expect(await first.verifyToken(b.access_token, now)).toBe('instance-b');
      expect(await second.verifyToken(a.access_token, now)).toBe('instance-a');
      // A third container that only verifies reads the same key.
      vi.resetModules();
      const third = await import('../../lib/auth/tokens');
      expect(await third.verifyToken(a.access_token, now)).toBe('instance-a');
      const { Item } = await dynamo().send(new GetCommand({ TableName: 'stt-test', Key: SIGNING_KEY, ConsistentRead: true }));
      expect(Item).toEqual({ ...SIGNING_KEY, secret: expect.stringMatching(/^[\w-]{43}$/), created: expect.any(String) });
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
