#!/usr/bin/env bash
# Builds the labextension and the sidecar bundle into python/ when they are missing or older than
# any source they are made from, so `npm start` shows the current code without a needless rebuild.
set -euo pipefail
cd "$(dirname "$0")/../.."
ext=python/sagemaker_studio_for_teams/labextension/package.json
bundle=python/sagemaker_studio_for_teams/sidecar/sidecar.js
stale() { # target, source folders...
  local target=$1; shift
  [ ! -f "$target" ] || [ -n "$(find "$@" -type f -newer "$target" -print -quit)" ]
}
if stale "$ext" extension/src extension/style extension/schema extension/package.json schema/src; then
  echo "building the JupyterLab extension…" >&2
  bash scripts/jupyter/build-extension.sh >/dev/null
fi
if stale "$bundle" sidecar/src core/src schema/src; then
  echo "bundling the sidecar…" >&2
  bash scripts/jupyter/bundle-sidecar.sh >/dev/null
fi
