/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { createReadStream, cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
/** Tests point this at a folder of deliberately broken models; everyone else gets ./models. */
const modelsDir = resolve(process.env.CREDITLENS_MODELS_DIR ?? join(root, 'models'));

/** WASM threads need a cross-origin-isolated page. */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

const contentTypes: Record<string, string> = {
  '.json': 'application/json',
  '.onnx': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves /models/* from the models folder with real 404s (no SPA fallback), and copies it into the build. */
function modelsFolder(): Plugin {
  const serve = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith('/models/')) return next();
    const file = normalize(join(modelsDir, decodeURIComponent(url.pathname.slice('/models/'.length))));
    if (!file.startsWith(modelsDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end(`Not found: ${url.pathname}`);
      return;
    }
    res.setHeader('Content-Type', contentTypes[extname(file)] ?? 'application/octet-stream');
    res.setHeader('Cache-Control', 'no-cache');
    // The size lets the page refuse a model too large for the browser before it downloads a byte (a HEAD request).
    res.setHeader('Content-Length', String(statSync(file).size));
    for (const [k, v] of Object.entries(isolationHeaders)) res.setHeader(k, v);
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  };
  return {
    name: 'creditlens-models',
    configureServer: (server) => void server.middlewares.use(serve),
    configurePreviewServer: (server) => void server.middlewares.use(serve),
    writeBundle(options) {
      cpSync(join(root, 'models'), join(options.dir ?? join(root, 'dist'), 'models'), { recursive: true });
    },
  };
}

/**
 * The service worker's side of the build (src/serviceWorker.ts): `sw.js` beside `index.html`, stamped with a
 * fingerprint of every file of the build, and `sw-manifest.json`, the files it keeps for offline use. Runs after the
 * models are copied in, so they are in the list.
 */
function serviceWorkerFiles(): Plugin {
  return {
    name: 'creditlens-service-worker',
    apply: 'build',
    enforce: 'post',
    writeBundle(options) {
      const dir = options.dir ?? join(root, 'dist');
      const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => statSync(join(dir, f)).isFile() && f !== 'sw.js' && f !== 'sw-manifest.json')
        .map((f) => f.split(sep).join('/'))
        .sort();
      const hash = createHash('sha256');
      for (const f of files) hash.update(f).update(readFileSync(join(dir, f)));
      const version = hash.digest('hex').slice(0, 16);
      writeFileSync(join(dir, 'sw-manifest.json'), JSON.stringify({ version, files }) + '\n');
      const sw = join(dir, 'sw.js');
      writeFileSync(sw, readFileSync(sw, 'utf8').replace('__CREDITLENS_BUILD__', version));
    },
  };
}

/**
 * transformers.js' tokenizer modules import its ONNX backend and an env that points at the Hub and a CDN. Hand them
 * shims: only our one ORT is bundled, and the browser build holds no remote address. (Unit tests under Node keep the
 * real env, which reads model folders from disk.)
 */
function transformersOffline(): Plugin {
  const shims: [string, string][] = [['backends/onnx.js', 'src/runtime/transformersOnnxShim.ts']];
  if (!process.env.VITEST) shims.push(['/env.js', 'src/runtime/transformersEnvShim.ts']);
  return {
    name: 'creditlens-transformers-offline',
    enforce: 'pre',
    resolveId(source, importer) {
      const fromTransformers = importer?.includes(`${sep}@xenova${sep}transformers${sep}`) || source.startsWith('@xenova/transformers/');
      if (!fromTransformers) return null;
      const hit = shims.find(([suffix]) => source.endsWith(suffix));
      return hit ? join(root, hit[1]) : null;
    },
  };
}

export default defineConfig({
  // Relative addresses: the built app runs from any folder of any static host (a course's web space).
  base: './',
  plugins: [react(), modelsFolder(), transformersOffline(), serviceWorkerFiles()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  optimizeDeps: { exclude: ['onnxruntime-web', '@xenova/transformers'] },
  worker: { format: 'es', plugins: () => [transformersOffline()] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: { index: join(root, 'index.html'), sw: join(root, 'src/serviceWorker.ts') },
      // The service worker keeps a fixed name beside index.html: its scope is the app's folder.
      output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js') },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['src/domain/**/*.ts', 'src/methods/**/*.ts'],
      exclude: ['**/*.test.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 95 },
    },
  },
});
