import { spawnSync } from 'node:child_process';
import { readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Where the server looks for the built web app (vite.config.ts's outDir). */
export const WEB_DIR = path.resolve(import.meta.dirname, '..', 'dist');

/**
 * `npm start`'s build of the web app. Vite writes into a folder of this process's own, which then
 * takes the place of dist/ by rename: two `npm start`s in one checkout (two data folders, or one on
 * PostgreSQL) no longer empty dist/ under each other's build or under a portal already serving it.
 * Vite runs in a child so the memory the build takes (about 190 MB) is given back before the server
 * starts. NODE_ENV is fixed so a shell's NODE_ENV (say test) cannot leave development code in.
 */
export function buildWebApp(dist = WEB_DIR): boolean {
  removeAbandoned(dist);
  const staging = `${dist}.building-${process.pid}`;
  const vite = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  const built = spawnSync(
    process.execPath,
    [vite, 'build', '--logLevel', 'warn', '--outDir', staging, '--emptyOutDir'],
    { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  );
  if (built.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    console.error(`The web app's build failed (vite exited ${built.status ?? built.signal})`);
    return false;
  }
  replaceFolder(staging, dist);
  return true;
}

/**
 * Puts `fresh` where `target` was: the old folder is moved aside and removed, so `target` is never
 * half-written. If another process put its own build there in between, this one moves that aside too
 * (the last build wins); a portal already serving keeps reading files by name.
 */
export function replaceFolder(fresh: string, target: string) {
  const old = `${target}.old-${process.pid}`;
  for (let attempt = 0; ; attempt++) {
    try {
      renameSync(target, old);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    try {
      renameSync(fresh, target);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Another build landed between the two renames: set it aside too, and try again.
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt >= 5) throw error;
      rmSync(old, { recursive: true, force: true });
    }
  }
  rmSync(old, { recursive: true, force: true });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Removes the folders of builds whose process is gone (stopped mid-build), so they do not pile up. */
export function removeAbandoned(dist: string) {
  const base = path.basename(dist);
  for (const name of readdirSync(path.dirname(dist))) {
    const pid = new RegExp(`^${base}\\.(?:building|old)-(\\d+)$`).exec(name)?.[1];
    if (pid && !alive(Number(pid))) rmSync(path.join(path.dirname(dist), name), { recursive: true, force: true });
  }
}
