#!/bin/bash
# Studio for Teams, new Studio's JupyterLab app (before the Jupyter server starts): the wheel
# (extension, sidecar, proxy entry) and what it needs. Always exits 0. Source: lifecycle/.
# @lib
# Step name, time box in seconds, function (from the lib).
steps() {
  step artifacts 30 fetch_manifest
  step wheel 120 install_wheel
  step node 90 ensure_node
  step token 10 ensure_token
  step git-auth 30 run_helper git-credential.js install
  step kernels 30 run_helper kernels.js sync
  step direnv 30 ensure_direnv
  step allow-hidden 10 allow_hidden
  step on-start 10 start_on_start
}
run jupyterlab
