#!/usr/bin/env bash
# Bundles the sidecar with its whole dependency tree (Fastify, the AWS SDK clients, core, schema)
# into one CommonJS file for the wheel: Node is then the only runtime Studio needs, no npm install.
# Workspace packages are taken from their TypeScript sources, so the bundle never holds a stale build.
# Next to it, the git credential helper (git-auth) as a file of its own: git starts it for every
# fetch and push, and classic KernelGateway containers copy it alone, so it carries no Fastify.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=python/sagemaker_studio_for_teams/sidecar
out=$dir/sidecar.js
aliases=()
# A workspace is its src folder: the package is its index.ts, a subpath export the file of that name.
for pkg in schema core; do aliases+=("--alias:@studio-teams/$pkg=./$pkg/src"); done
npx esbuild sidecar/src/bin/sidecar.ts \
  --bundle --platform=node --target=node20 --format=cjs \
  --minify-whitespace --minify-syntax --keep-names \
  --legal-comments=linked --log-level=warning \
  "${aliases[@]}" --outfile="$out"
echo "sidecar bundle: $out ($(wc -c <"$out") bytes)"

helper=$dir/git-credential.js
# ES module builds first (module before main): esbuild can then drop the SDK clients `get` never uses.
npx esbuild sidecar/src/bin/git-credential.ts \
  --bundle --platform=node --target=node20 --format=cjs --main-fields=module,main \
  --minify-whitespace --minify-syntax --keep-names \
  --legal-comments=linked --log-level=warning \
  "${aliases[@]}" --outfile="$helper"
chmod +x "$helper"
echo "git credential helper: $helper ($(wc -c <"$helper") bytes)"
# The Docker section's ProxyCommand for `Host sm-bastion`, beside the sidecar (it finds it there).
npx esbuild sidecar/src/bin/ssm-proxy.ts \
  --bundle --platform=node --target=node20 --format=cjs \
  --minify-whitespace --minify-syntax --keep-names \
  --legal-comments=linked --log-level=warning \
  "${aliases[@]}" --outfile="$(dirname "$out")/ssm-proxy.js"
echo "ssm-proxy bundle: $(dirname "$out")/ssm-proxy.js"
# Kernel registration at app start (`node kernels.js sync`, from the lifecycle scripts): files only,
# so ES modules first lets esbuild leave the AWS SDK out and the command start fast.
npx esbuild sidecar/src/bin/kernels.ts \
  --bundle --platform=node --target=node20 --format=cjs --main-fields=module,main \
  --minify-whitespace --minify-syntax --keep-names \
  --legal-comments=linked --log-level=warning \
  "${aliases[@]}" --outfile="$dir/kernels.js"
echo "kernels bundle: $dir/kernels.js ($(wc -c <"$dir/kernels.js") bytes)"
