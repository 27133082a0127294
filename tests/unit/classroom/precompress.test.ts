import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { precompressDir, withPrecompress } from '../../../scripts/precompress.mjs';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function site(): string {
  const dir = mkdtempSync(join(tmpdir(), 'precompress-'));
  dirs.push(dir);
  mkdirSync(join(dir, '_app/immutable/chunks'), { recursive: true });
  return dir;
}

const JS = `export const x = 1;\n${'// padding line\n'.repeat(400)}`; // 6,420 bytes
const HTML = `<!doctype html>${'<p>lesson</p>'.repeat(200)}`;

describe('precompressDir', () => {
  it('writes .gz and .br twins that decompress to each text file', async () => {
    const dir = site();
    writeFileSync(join(dir, '_app/immutable/chunks/a.js'), JS);
    writeFileSync(join(dir, 'index.html'), HTML);
    const totals = await precompressDir(dir);
    expect(totals.files).toBe(2);
    expect(totals.bytes).toBe(JS.length + HTML.length);
    for (const [file, text] of [['_app/immutable/chunks/a.js', JS], ['index.html', HTML]]) {
      const gz = readFileSync(join(dir, `${file}.gz`));
      const br = readFileSync(join(dir, `${file}.br`));
      expect(gunzipSync(gz).toString(), file).toBe(text);
      expect(brotliDecompressSync(br).toString(), file).toBe(text);
      expect(gz.length).toBeLessThan(text.length);
    }
  });

  it('leaves small files, binary formats and incompressible data alone', async () => {
    const dir = site();
    writeFileSync(join(dir, 'tiny.js'), 'export {};\n');
    writeFileSync(join(dir, 'icon.png'), Buffer.alloc(4096, 7));
    // 4 KB of distinct bytes from a fixed xorshift sequence: nothing to compress
    const noise = Buffer.alloc(4096);
    let s = 0x9e3779b9;
    for (let i = 0; i < noise.length; i++) {
      s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
      noise[i] = s & 0xff;
    }
    writeFileSync(join(dir, 'noise.json'), noise);
    writeFileSync(join(dir, 'noise.json.gz'), 'stale twin from an earlier build');
    await precompressDir(dir);
    for (const f of ['tiny.js.gz', 'tiny.js.br', 'icon.png.gz', 'icon.png.br', 'noise.json.gz', 'noise.json.br']) expect(existsSync(join(dir, f)), f).toBe(false);
  });
});

describe('withPrecompress', () => {
  it('compresses the adapter\'s output after the adapter has written it', async () => {
    const dir = site();
    const logged: string[] = [];
    const inner = {
      name: 'test-adapter',
      adapt: async () => writeFileSync(join(dir, 'index.html'), HTML)
    };
    const wrapped = withPrecompress(inner, dir);
    expect(wrapped.name).toBe('test-adapter');
    await wrapped.adapt({ log: { info: (m: string) => logged.push(m) } });
    expect(gunzipSync(readFileSync(join(dir, 'index.html.gz'))).toString()).toBe(HTML);
    expect(logged.join('\n')).toMatch(/^Precompressed 1 files/);
  });
});
