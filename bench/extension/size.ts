import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  /** What the browser downloads, each file gzipped on its own as a server would send it. */
  gzipBytes: number;
  rawBytes: number;
  files: number;
}

/** The built labextension's static assets: the JavaScript and CSS JupyterLab serves to the page. */
export function labextensionSize(labextensionDir: string): BundleSize {
  const staticDir = path.join(labextensionDir, 'static');
  const served = fs.readdirSync(staticDir).filter((f) => /\.(js|css)$/.test(f));
  let gzipBytes = 0;
  let rawBytes = 0;
  for (const file of served) {
    const content = fs.readFileSync(path.join(staticDir, file));
    rawBytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  return { gzipBytes, rawBytes, files: served.length };
}
