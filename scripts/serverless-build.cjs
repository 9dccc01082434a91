// A Serverless plugin (serverless.yml `plugins`): how the functions' code is built. `sls package` and `sls deploy`:
// by serverless-esbuild (this plugin is then serverless-esbuild's own). `npm start` (serverless-offline): by this plugin.
//
// serverless-esbuild takes ~0.8 s to load, builds every function afresh on every `offline start` (seconds), keeps
// esbuild's service process alive afterwards with each function's build context (~700 MB), and watches the whole
// tree for changes. Under `offline`, this plugin builds the same bundles itself, with the same `custom.esbuild`
// options, once per state of the sources: into `.offline-build/cache/<hash of the inputs>/functions/<name>.js`,
// reused by every later start while nothing that goes into a bundle changed. esbuild's service stops once the build
// is done, and nothing is watched (edit, then restart: README "Development").
//
// The inputs hashed: every file under lib/ and functions/, serverless.yml, package-lock.json, tsconfig.json, this
// file and esbuild's version. STT_BUILD_CACHE=off builds into a fresh folder every time. The newest builds are kept,
// and none that a running stack still uses (each stack marks the build it loads from with its pid).
'use strict';

const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const CACHE_FOLDER = join('.offline-build', 'cache');
/** Builds kept besides the one in use (a stack started earlier may still be running on an older one). */
const KEEP_BUILDS = 4;

/** Every file under `dir` (relative to root), sorted, for hashing. */
function filesUnder(root, dir) {
  const out = [];
  const walk = (relativeDir) => {
    for (const entry of readdirSync(join(root, relativeDir), { withFileTypes: true })) {
      const path = join(relativeDir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push(path);
    }
  };
  if (existsSync(join(root, dir))) walk(dir);
  return out.sort();
}

/** The hash of everything that goes into a bundle. */
function inputsHash(root, esbuildVersion) {
  const hash = createHash('sha256');
  hash.update(`esbuild ${esbuildVersion}\n`);
  const files = [...filesUnder(root, 'lib'), ...filesUnder(root, 'functions'), 'serverless.yml', 'package-lock.json', 'tsconfig.json'];
  for (const file of files) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    hash.update(`${file}\n`);
    hash.update(readFileSync(path));
  }
  hash.update(readFileSync(__filename));
  return hash.digest('hex').slice(0, 16);
}

/** The stacks (serverless-offline processes) that load their handlers from a build: one marker file each, by pid. */
const USERS = 'in-use';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Whether a running stack still loads handlers from this build (its functions load on their first call). */
function inUse(buildDir) {
  let markers;
  try {
    markers = readdirSync(join(buildDir, USERS));
  } catch {
    return false;
  }
  return markers.some((name) => Number(name) !== process.pid && alive(Number(name)));
}

/**
 * This stack's marker: no other start removes the build while this process may still load a handler from it. The
 * markers of stacks that have ended go (a stack killed leaves its own).
 */
function markInUse(buildDir) {
  const users = join(buildDir, USERS);
  mkdirSync(users, { recursive: true });
  for (const name of readdirSync(users)) {
    if (Number(name) !== process.pid && !alive(Number(name))) rmSync(join(users, name), { force: true });
  }
  writeFileSync(join(users, String(process.pid)), '');
}

/**
 * Removes the builds beyond the newest KEEP_BUILDS besides `current` (and any build left half-done an hour ago), but
 * never one that a running stack uses.
 */
function prune(cacheDir, current) {
  const entries = readdirSync(cacheDir)
    .filter((name) => name !== current)
    .map((name) => ({ name, mtime: statSync(join(cacheDir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  const hour = 3600_000;
  for (const [index, entry] of entries.entries()) {
    const dir = join(cacheDir, entry.name);
    const unfinished = entry.name.includes('.tmp-');
    const stale = unfinished ? Date.now() - entry.mtime > hour : index >= KEEP_BUILDS;
    if (stale && !inUse(dir)) rmSync(dir, { recursive: true, force: true });
  }
}

class Build {
  constructor(serverless, options, logging) {
    if (serverless.processedInput?.commands?.[0] !== 'offline') {
      // Packaging, deploying, anything else: serverless-esbuild, as if it were listed itself.
      const EsbuildServerlessPlugin = require('serverless-esbuild');
      return new EsbuildServerlessPlugin(serverless, options, logging);
    }
    this.serverless = serverless;
    this.log = logging?.log;
    this.hooks = { 'before:offline:start:init': () => this.build() };
  }

  async build() {
    const started = Date.now();
    const root = this.serverless.serviceDir ?? this.serverless.config.servicePath;
    const esbuild = require('esbuild');
    const cacheDir = join(root, CACHE_FOLDER);
    mkdirSync(cacheDir, { recursive: true });
    const useCache = (process.env.STT_BUILD_CACHE ?? 'on').toLowerCase() !== 'off';
    const name = useCache ? inputsHash(root, esbuild.version) : `nocache-${process.pid}-${Date.now()}`;
    const target = join(cacheDir, name);
    let built = false;
    if (!existsSync(join(target, 'complete'))) {
      const temporary = join(cacheDir, `${name}.tmp-${process.pid}`);
      rmSync(temporary, { recursive: true, force: true });
      await this.bundle(esbuild, root, temporary);
      try {
        renameSync(temporary, target);
      } catch (error) {
        // Another stack built the same inputs at the same time: its build is the same; ours goes.
        if (!existsSync(join(target, 'complete'))) throw error;
        rmSync(temporary, { recursive: true, force: true });
      }
      built = true;
    } else {
      const now = new Date();
      utimesSync(target, now, now); // the newest builds are kept
    }
    await esbuild.stop?.();
    markInUse(target);
    prune(cacheDir, name);
    const custom = this.serverless.service.custom ?? (this.serverless.service.custom = {});
    custom['serverless-offline'] = { ...custom['serverless-offline'], location: relative(root, target) };
    this.log?.verbose?.(`Functions ${built ? 'built' : 'reused'} in ${relative(root, target)} (${Date.now() - started} ms)`);
  }

  /** Every function's handler module, bundled with serverless.yml's `custom.esbuild` options, as serverless-esbuild does. */
  async bundle(esbuild, root, outdir) {
    const options = this.serverless.service.custom.esbuild;
    const entryPoints = {};
    for (const fn of Object.values(this.serverless.service.functions)) {
      const module = fn.handler.slice(0, fn.handler.lastIndexOf('.'));
      entryPoints[module] = join(root, `${module}.ts`);
    }
    await esbuild.build({
      absWorkingDir: root,
      entryPoints,
      outdir,
      bundle: options.bundle,
      minify: options.minify,
      sourcemap: options.sourcemap,
      sourcesContent: options.sourcesContent,
      target: options.target,
      platform: options.platform,
      external: options.exclude,
      format: 'cjs',
      logLevel: 'warning',
    });
    writeFileSync(join(outdir, 'complete'), `${new Date().toISOString()}\n`);
  }
}

module.exports = Build;
// For tests.
module.exports.markInUse = markInUse;
