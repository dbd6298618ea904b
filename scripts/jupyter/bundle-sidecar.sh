#!/usr/bin/env bash
# Bundles the sidecar with its whole dependency tree (Fastify, the AWS SDK clients, core, schema)
# into one CommonJS file for the wheel: Node is then the only runtime Studio needs, no npm install.
# Workspace packages are taken from their TypeScript sources, so the bundle never holds a stale build.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=python/sagemaker_studio_for_teams/sidecar/sidecar.js
aliases=()
for pkg in schema core; do aliases+=("--alias:@studio-teams/$pkg=./$pkg/src/index.ts"); done
npx esbuild sidecar/src/bin/sidecar.ts \
  --bundle --platform=node --target=node20 --format=cjs \
  --minify-whitespace --minify-syntax --keep-names \
  --legal-comments=linked --log-level=warning \
  "${aliases[@]}" --outfile="$out"
echo "sidecar bundle: $out ($(wc -c <"$out") bytes)"
