#!/usr/bin/env bash
# Builds python/dist/sagemaker_studio_for_teams-<version>-py3-none-any.whl: the labextension and the
# sidecar bundle first (always, so the wheel never packs stale assets), then hatchling with
# hatch-jupyter-builder, which finds them in place and only checks they are there.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/jupyter/build-extension.sh >/dev/null
bash scripts/jupyter/bundle-sidecar.sh
python=${STUDIO_TEAMS_BUILD_PYTHON:-.venv/bin/python}
# With hatchling and hatch-jupyter-builder in that Python, build offline in it; otherwise pip
# fetches them into an isolated build environment.
isolation=()
"$python" -c 'import hatchling, hatch_jupyter_builder' 2>/dev/null && isolation=(--no-build-isolation)
rm -rf python/dist
"$python" -m pip wheel --no-deps --quiet "${isolation[@]}" --wheel-dir python/dist .
ls python/dist/*.whl
