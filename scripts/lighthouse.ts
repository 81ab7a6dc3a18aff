import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import measuredPages from './measured-pages.json';

// `npm run lighthouse [-- --no-build] [-- --runs N]`: builds the web app, starts the portal (production
// mode, demo seed, a throw-away data folder) on a free port, and runs Lighthouse (npm, pinned) in
// Debian's Chromium on four pages with the mobile preset, signed in where the page needs it. Prints
// performance, accessibility, best practices and CLS per page against the goals, and what failed.

const ROOT = path.resolve(import.meta.dirname, '..');
const CHROME = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'demo-password-123';
const GOALS = { performance: 95, accessibility: 100, 'best-practices': 100, cls: 0.05 };
// The pages both measurement scripts load (signed in as `as` where the page needs it).
const PAGES: { name: string; path: string; as?: string }[] = measuredPages;

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const runs = Number(option('--runs')) || 1;
// --only caseload,spend: some pages; --save DIR: keep each JSON report there.
const only = option('--only')?.split(',');
const saveDir = option('--save');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

async function waitForReady(url: string) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('The portal did not become ready');
}

/** Signs in over GraphQL; the session cookie as a Cookie header value. */
async function sessionCookie(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($input: SignInInput!) { signIn(input: $input) { __typename } }',
      variables: { input: { email, password: PASSWORD } },
    }),
  });
  const cookie = res.headers.getSetCookie().find((c) => !/Max-Age=0/i.test(c));
  if (!cookie) throw new Error(`Could not sign in as ${email}`);
  return cookie.split(';')[0]!;
}

type Report = {
  categories: Record<string, { score: number; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<
    string,
    {
      score: number | null;
      numericValue?: number;
      title: string;
      scoreDisplayMode: string;
      details?: { items?: { resourceType?: string; transferSize?: number }[] };
    }
  >;
};

function lighthouse(url: string, cookie: string | undefined, work: string): Report {
  const out = path.join(work, 'report.json');
  const headers = path.join(work, 'headers.json');
  writeFileSync(headers, JSON.stringify(cookie ? { Cookie: cookie } : {}));
  // On a busy machine Chromium sometimes loses the trace (NO_NAVSTART): try that run again, twice at most.
  for (let attempt = 1; ; attempt++) {
    try {
      runLighthouse(url, out, headers);
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      console.error(`Lighthouse failed on ${url} (attempt ${attempt}); trying again.`);
    }
  }
  return JSON.parse(readFileSync(out, 'utf8')) as Report;
}

function runLighthouse(url: string, out: string, headers: string) {
  execFileSync(
    path.join(ROOT, 'node_modules', '.bin', 'lighthouse'),
    [
      url,
      '--output=json',
      `--output-path=${out}`,
      '--quiet',
      '--only-categories=performance,accessibility,best-practices',
      `--extra-headers=${headers}`,
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage',
    ],
    { env: { ...process.env, CHROME_PATH: CHROME }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

/** What pulled a category below 100: its failing audits that carry weight or are binary. */
function failing(report: Report, category: string): string[] {
  return report.categories[category]!.auditRefs.filter((ref) => {
    const a = report.audits[ref.id]!;
    return a.score !== null && a.score < 0.9 && (ref.weight > 0 || a.scoreDisplayMode === 'binary');
  }).map((ref) => `${ref.id} (${Math.round((report.audits[ref.id]!.score ?? 0) * 100)})`);
}

async function main() {
  if (!args.includes('--no-build'))
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const work = mkdtempSync(path.join(os.tmpdir(), 'portal-lighthouse-'));
  const dataDir = path.join(work, 'data');
  // Production refuses SEED=demo (its accounts share a published password), so the throw-away folder
  // is seeded first, as a development command, and the production server then starts over it.
  execFileSync(process.execPath, ['--import', 'tsx', 'server/seed/run.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      SEED: 'none',
      EMAIL: 'off',
      HOUSEKEEPING: 'off',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let missed = 0;
  try {
    await waitForReady(url);
    const rows: string[][] = [];
    const pages = PAGES.filter((p) => !only || only.includes(p.name));
    // Signed in before any run (a connection kept alive through a long run may be closed under us).
    const cookies = new Map<string, string>();
    for (const email of new Set(pages.flatMap((p) => (p.as ? [p.as] : []))))
      cookies.set(email, await sessionCookie(url, email));
    for (const page of pages) {
      const cookie = page.as ? cookies.get(page.as) : undefined;
      for (let run = 1; run <= runs; run++) {
        const report = lighthouse(`${url}${page.path}`, cookie, work);
        if (saveDir) {
          mkdirSync(saveDir, { recursive: true });
          writeFileSync(path.join(saveDir, `${page.name.replace(/ /g, '-')}-${run}.json`), JSON.stringify(report));
        }
        const score = (c: string) => Math.round(report.categories[c]!.score * 100);
        const cls = report.audits['cumulative-layout-shift']!.numericValue ?? 0;
        const ms = (id: string) => String(Math.round(report.audits[id]?.numericValue ?? 0));
        // What the page's own JavaScript costs: blocking time, main-thread work, script bytes sent.
        const jsBytes = (report.audits['network-requests']?.details?.items ?? [])
          .filter((r) => r.resourceType === 'Script')
          .reduce((total, r) => total + (r.transferSize ?? 0), 0);
        const figures = {
          performance: score('performance'),
          accessibility: score('accessibility'),
          'best-practices': score('best-practices'),
        };
        const short = Object.entries(figures).filter(([k, v]) => v < GOALS[k as keyof typeof GOALS]);
        if (short.length || cls > GOALS.cls) missed++;
        rows.push([
          `${page.name}${runs > 1 ? ` #${run}` : ''}`,
          String(figures.performance),
          String(figures.accessibility),
          String(figures['best-practices']),
          cls.toFixed(3),
          ms('total-blocking-time'),
          ms('largest-contentful-paint'),
          ms('mainthread-work-breakdown'),
          (jsBytes / 1024).toFixed(1),
          short.flatMap(([k]) => failing(report, k)).join(', ') + (cls > GOALS.cls ? ' layout shift' : ''),
        ]);
      }
    }
    const header = [
      'page',
      'performance',
      'accessibility',
      'best practices',
      'CLS',
      'TBT ms',
      'LCP ms',
      'main thread ms',
      'JS kB',
      'short of the goal because',
    ];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    for (const r of [header, ...rows])
      console.log(
        r
          .map((c, i) => c.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      );
    console.log(
      `\nGoals: performance ≥ ${GOALS.performance}, accessibility ${GOALS.accessibility}, best practices ${GOALS['best-practices']}, CLS ≤ ${GOALS.cls} (mobile preset, Lighthouse ${lighthouseVersion()}, ${CHROME}).`,
    );
    console.log(missed ? `${missed} page run(s) short of a goal.` : 'Every page meets every goal.');
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(work, { recursive: true, force: true });
  }
  if (missed && args.includes('--strict')) process.exitCode = 1;
}

function lighthouseVersion(): string {
  return JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'lighthouse', 'package.json'), 'utf8')).version;
}

await main();
