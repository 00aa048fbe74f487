/**
 * The package as a user gets it: `npm pack` (of the built `dist/`; `npm test` builds first), installed into an empty
 * project, where the README's library example runs and `npx lrfind --help` works. Offline and robust in CI: the
 * scratch project takes lrfind from the tarball and each of its dependencies from this repository's `node_modules`
 * (`file:` links), so npm resolves everything without the registry.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  scripts: Record<string, string>;
  files: string[];
  [key: string]: unknown;
};
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The first ```js block of the README: the library example. */
function readmeExample(): string {
  const m = /```js\n([\s\S]*?)```/.exec(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  if (!m) throw new Error('README.md has no ```js example');
  return m[1];
}

describe('the npm package, installed from its tarball', () => {
  let dir: string;
  let tarball: string;
  let files: string[];

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    dir = mkdtempSync(join(tmpdir(), 'lrfind-pack-'));
    // dist/ is already built by `npm test`: skip the prepack build
    const out = execFileSync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
    const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    tarball = join(dir, info.filename);
    files = info.files.map((f) => f.path);
    const project = join(dir, 'project');
    execFileSync('mkdir', ['-p', project]);
    const modules = realpathSync(join(ROOT, 'node_modules'));
    const dependencies: Record<string, string> = { [pkg.name]: `file:${tarball}` };
    for (const name of Object.keys(pkg.dependencies)) dependencies[name] = `file:${join(modules, name)}`;
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', private: true, type: 'module', dependencies }, null, 2));
    execFileSync(NPM, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: project, encoding: 'utf8', stdio: 'pipe' });
  }, 180_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('holds the built package, the docs, README and LICENSE, and no sources, tests or source maps', () => {
    expect(files).toContain('LICENSE');
    expect(files).toContain('README.md');
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/node/index.js');
    expect(files).toContain('dist/cli/main.js');
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/') || f.endsWith('.map'))).toBe(false);
    const size = readFileSync(tarball).length;
    expect(size).toBeLessThan(1024 * 1024);
  });

  it('builds nothing at install and names no repository that does not exist', () => {
    expect(pkg.scripts.prepare).toBeUndefined();
    expect(pkg.scripts.install ?? pkg.scripts.postinstall).toBeUndefined();
    // the project has no public home yet: a made-up address would send users nowhere
    expect(pkg.repository).toBeUndefined();
    expect(pkg.homepage).toBeUndefined();
    expect(pkg.bugs).toBeUndefined();
    // the README's first command builds what it runs: `npm run demo` on a fresh clone
    expect(pkg.scripts.predemo).toBe('npm run build');
    expect(pkg.license).toBe('MIT');
    expect(pkg.sideEffects).toBe(false);
  });

  it('every relative link in its Markdown points at a file in the package', () => {
    const inPackage = new Set(files);
    const broken: string[] = [];
    for (const file of files.filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1].split('#')[0];
        if (target === '' || /^[a-z]+:/i.test(target)) continue;
        const path = join(dirname(file), target).replace(/\\/g, '/');
        if (!inPackage.has(path)) broken.push(`${file}: ${m[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("runs the README's library example", () => {
    const project = join(dir, 'project');
    writeFileSync(join(project, 'example.mjs'), readmeExample());
    const r = spawnSync(process.execPath, ['example.mjs'], { cwd: project, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^\d\.\d\de-\d (high|medium|low)$/);
    expect(lines[1]).toMatch(/^fastai\.valley \d\.\d\de-\d$/);
  });

  it('imports every entry point by name from the installed package', () => {
    const project = join(dir, 'project');
    const code = `
      for (const entry of ['lrfind', 'lrfind/analysis', 'lrfind/recorder', 'lrfind/schedules', 'lrfind/plot', 'lrfind/node']) {
        const m = await import(entry);
        if (Object.keys(m).length < 5) throw new Error(entry + ' exports too little');
      }
      const { loadRun, writeReport } = await import('lrfind/node');
      const { analyze } = await import('lrfind');
      const run = await loadRun(${JSON.stringify(join(ROOT, 'test/fixtures/runs/real-iris-mlp-adam-100.json'))});
      console.log(await writeReport('r.svg', [{ name: 'iris', run, analysis: analyze(run) }]));
    `;
    writeFileSync(join(project, 'entries.mjs'), code);
    const r = spawnSync(process.execPath, ['entries.mjs'], { cwd: project, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('svg');
    expect(readFileSync(join(project, 'r.svg'), 'utf8').startsWith('<svg')).toBe(true);
  });

  it('npx lrfind --help works from the installed package', () => {
    const project = join(dir, 'project');
    const r = spawnSync('npx', ['--no', '--offline', 'lrfind', '--help'], { cwd: project, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: lrfind/);
    expect(r.stdout).toMatch(/analyze/);
    const version = spawnSync('npx', ['--no', '--offline', 'lrfind', '--version'], { cwd: project, encoding: 'utf8' });
    expect(version.stdout.trim()).toBe(pkg.version);
  });
});
