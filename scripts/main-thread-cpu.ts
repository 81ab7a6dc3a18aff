import { type Browser, chromium } from 'playwright-core';
import measuredPages from './measured-pages.json';

// `npx tsx scripts/main-thread-cpu.ts <portal URL> [--runs N]` (a portal started with the demo seed,
// e.g. `npm start`): loads the home page, search results, caseload and spend in Debian's Chromium at
// a phone's size and prints, per page, the main thread's CPU time while loading (thread time from
// the browser's trace, so a busy machine barely moves it, unlike Lighthouse's wall-clock figures),
// the largest tasks, and the blocking time those tasks would add on a 4x slower phone
// (sum of 4 x task - 50 ms), as medians of the runs. Several URLs: runs alternate between them (A/B).

const PASSWORD = 'demo-password-123';
// The pages both measurement scripts load (signed in as `as` where the page needs it).
const PAGES: { name: string; path: string; as?: string }[] = measuredPages;
const args = process.argv.slice(2);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 5;
const urls = args.filter((a, i) => /^https?:/.test(a) && args[i - 1] !== '--runs');
if (urls.length === 0) throw new Error('Give the portal URL, e.g. http://127.0.0.1:4000');

type TraceEvent = {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  tdur?: number;
  args?: { data?: { url?: string } };
};

async function sessionCookie(url: string, email: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($input: SignInInput!) { signIn(input: $input) { __typename } }',
      variables: { input: { email, password: PASSWORD } },
    }),
  });
  const cookie = res.headers
    .getSetCookie()
    .find((c) => !/Max-Age=0/i.test(c))
    ?.split(';')[0];
  if (!cookie) throw new Error(`Could not sign in as ${email}`);
  const [name, ...value] = cookie.split('=');
  return { name: name!, value: value.join('='), url };
}

/** One load: the CPU time of each task on the page's main thread, in ms. */
async function load(browser: Browser, url: string, page: (typeof PAGES)[number]): Promise<number[]> {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
  if (page.as) await context.addCookies([await sessionCookie(url, page.as)]);
  const tab = await context.newPage();
  const cdp = await browser.newBrowserCDPSession();
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...(d.value as unknown as TraceEvent[])));
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    categories: 'toplevel,devtools.timeline,disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  });
  await tab.goto(`${url}${page.path}`, { waitUntil: 'networkidle' });
  await tab.waitForTimeout(500);
  await cdp.send('Tracing.end');
  await done;
  await cdp.detach();
  await context.close();
  // The page's main thread: the one running our scripts.
  const host = new URL(url).host;
  const counts = new Map<string, number>();
  for (const e of events)
    if ((e.name === 'FunctionCall' || e.name === 'EvaluateScript') && e.args?.data?.url?.includes(host))
      counts.set(`${e.pid}:${e.tid}`, (counts.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  const main = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  return events
    .filter((e) => `${e.pid}:${e.tid}` === main && e.name === 'RunTask' && e.ph === 'X' && e.tdur != null)
    .map((e) => e.tdur! / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  console.log('page                build  CPU ms  blocking at 4x ms  largest tasks ms (median run)');
  for (const page of PAGES) {
    const figures = new Map(urls.map((u) => [u, [] as { cpu: number; blocking: number; top: string }[]]));
    for (let run = 0; run < runs; run++)
      for (const url of urls) {
        const tasks = await load(browser, url, page);
        figures.get(url)!.push({
          cpu: tasks.reduce((a, b) => a + b, 0),
          blocking: tasks.reduce((a, b) => a + Math.max(0, 4 * b - 50), 0),
          top: [...tasks]
            .sort((a, b) => b - a)
            .slice(0, 4)
            .map((t) => t.toFixed(0))
            .join('/'),
        });
      }
    urls.forEach((url, i) => {
      const rows = figures.get(url)!;
      const mid = median(rows.map((r) => r.blocking));
      console.log(
        `${page.name.padEnd(20)}${String.fromCharCode(65 + i).padEnd(7)}${median(rows.map((r) => r.cpu))
          .toFixed(0)
          .padStart(6)}  ${mid.toFixed(0).padStart(17)}  ${rows.find((r) => r.blocking === mid)?.top}`,
      );
    });
  }
} finally {
  await browser.close();
}
