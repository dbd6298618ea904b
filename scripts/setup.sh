#!/usr/bin/env bash
# Brings a fresh clone (or a stale one) to a state where `npm start`, `npm test` and the benchmarks run:
# Debian packages, npm packages, the Python venv, and the TypeScript build. Every step is skipped when
# its inputs have not changed, so running it before every command costs well under a second.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
say() { printf '\033[1msetup:\033[0m %s\n' "$*" >&2; }

node_major=$(node -p 'process.versions.node.split(".").map(Number).reduce((a, b, i) => i < 2 ? a * 1000 + b : a, 0)')
if [ "$node_major" -lt 20019 ]; then
  say "Node $(node --version) is too old: 20.19 or newer is needed."; exit 1
fi

# Debian packages: only when one is missing, so a developer's machine is not touched needlessly.
missing=()
while read -r pkg; do
  [ -z "$pkg" ] && continue
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done < <(grep -v '^\s*#' scripts/debian-packages.txt)
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=(); [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  say "installing Debian packages: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The docker client (for `docker context`; no engine is needed): this machine kind ships one; Debian's
# docker.io provides it where it is missing.
if ! command -v docker >/dev/null 2>&1; then
  sudo_cmd=(); [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  say "installing the docker client (Debian docker.io)"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends docker.io >/dev/null
fi

# npm packages: reinstall when the lock file changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Python venv: rebuilt when requirements.txt changed (its hash is kept inside the venv).
req_hash=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ ! -x .venv/bin/python ] || [ "$(cat .venv/.requirements-hash 2>/dev/null)" != "$req_hash" ]; then
  # Installed over an existing venv rather than rebuilt: a running moto or JupyterLab keeps working.
  [ -x .venv/bin/python ] || { say "creating the Python venv (.venv)"; python3 -m venv .venv; }
  say "installing Python packages from requirements.txt"
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
  echo "$req_hash" > .venv/.requirements-hash
fi

# TypeScript: tsc -b is incremental, so this is quick when nothing changed.
npx tsc -b

# npm links workspace bins only to files that exist, and dist/ exists only after the build above;
# tsc writes them without the executable bit, which a rebuild of dist/ would otherwise lose.
chmod +x cli/dist/src/bin/*.js
if [ ! -e node_modules/.bin/sm-studio ] || [ ! -e node_modules/.bin/sm-ssh ]; then
  npm rebuild @studio-teams/cli --loglevel=error >/dev/null
fi
