import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TEST_WEB_DIR } from './build-web';

// Point 9 of issue 15 (the build's half): every hashed JS and CSS file has brotli and gzip copies
// beside it, byte for byte the same once decompressed, for the server to send as they are.
describe('the built web app', () => {
  it('has a .br and a .gz next to each hashed JS and CSS asset, each decompressing to the original', () => {
    const dir = path.join(TEST_WEB_DIR, 'assets');
    const files = readdirSync(dir).filter((f) => /\.(js|css)$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    let raw = 0;
    let br = 0;
    for (const f of files) {
      const original = readFileSync(path.join(dir, f));
      if (original.length < 1024) continue;
      const b = readFileSync(path.join(dir, `${f}.br`));
      const g = readFileSync(path.join(dir, `${f}.gz`));
      expect(brotliDecompressSync(b).equals(original), `${f}.br`).toBe(true);
      expect(gunzipSync(g).equals(original), `${f}.gz`).toBe(true);
      raw += original.length;
      br += b.length;
    }
    console.log(`assets: ${(raw / 1024).toFixed(0)} kB raw, ${(br / 1024).toFixed(0)} kB brotli`);
    expect(br).toBeLessThan(raw / 2);
  });

  // The first route (the search page): the entry in index.html, the search page's chunk and every
  // chunk they import, at most 50 kB gzipped (the entry used to carry the spend chart).
  it('sends at most 50 kB of gzipped JavaScript for the first page (search)', () => {
    const dir = path.join(TEST_WEB_DIR, 'assets');
    const entry = /src="\/assets\/(index-[\w-]+\.js)"/.exec(
      readFileSync(path.join(TEST_WEB_DIR, 'index.html'), 'utf8'),
    )?.[1];
    const search = readdirSync(dir).find((f) => /^SearchPage-[\w-]+\.js$/.test(f));
    expect(entry && search).toBeTruthy();
    const needed = new Set<string>();
    const add = (file: string) => {
      if (needed.has(file)) return;
      needed.add(file);
      // Static imports only ("./X.js" in an import statement); dynamic import() chunks load later.
      for (const m of readFileSync(path.join(dir, file), 'utf8').matchAll(/(?:from|import)\s*"\.\/([\w-]+\.js)"/g))
        add(m[1]!);
    };
    add(entry!);
    add(search!);
    const gzip = [...needed].reduce((total, f) => total + gzipSync(readFileSync(path.join(dir, f))).length, 0);
    console.log(`first page (search): ${needed.size} files, ${(gzip / 1024).toFixed(1)} kB gzip`);
    expect(needed.size).toBeGreaterThan(2);
    expect(gzip).toBeLessThanOrEqual(50 * 1024);
  });
});
