import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// scripts/serverless-build.cjs: each stack marks the build it loads its handlers from with a file named by its pid;
// a start also clears the markers of stacks that have ended, which killed stacks leave behind.
const { markInUse } = createRequire(import.meta.url)('../../scripts/serverless-build.cjs') as { markInUse: (buildDir: string) => void };

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The pid of a process that has ended. */
function endedPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('build markers', () => {
  it("adds this process's marker, keeps the running stacks' and removes the ended ones'", () => {
    const build = mkdtempSync(join(tmpdir(), 'stt-build-'));
    dirs.push(build);
    const users = join(build, 'in-use');
    mkdirSync(users);
    const ended = [endedPid(), endedPid()];
    for (const pid of [...ended, process.ppid]) writeFileSync(join(users, String(pid)), '');

    markInUse(build);

    expect(readdirSync(users).sort()).toEqual([String(process.pid), String(process.ppid)].sort());
  });

  it('makes the folder of markers when the build has none', () => {
    const build = mkdtempSync(join(tmpdir(), 'stt-build-'));
    dirs.push(build);
    markInUse(build);
    markInUse(build);
    expect(readdirSync(join(build, 'in-use'))).toEqual([String(process.pid)]);
  });
});
