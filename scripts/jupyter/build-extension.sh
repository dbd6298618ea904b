#!/usr/bin/env bash
# Builds the prebuilt labextension into python/sagemaker_studio_for_teams/labextension with
# JupyterLab 4.5's own webpack builder (@jupyterlab/builder), against the venv's JupyterLab core.
#
# Not `jupyter labextension build extension`: it looks for extension/node_modules, finds none (npm
# hoists workspaces' packages to the root) and runs `jlpm install`, which turns the whole repository
# into a Yarn PnP project and deletes the root node_modules. This calls what it calls afterwards.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-production}
core=$(.venv/bin/python -c 'import jupyterlab, os; print(os.path.join(os.path.dirname(jupyterlab.__file__), "staging"))')
npx tsc -p extension
args=(--core-path "$core")
[ "$mode" = development ] && args+=(--development --source-map)
node node_modules/@jupyterlab/builder/lib/build-labextension.js "${args[@]}" extension
