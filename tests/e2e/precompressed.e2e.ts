import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
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
});
