#!/bin/bash
# Studio for Teams, new Studio's JupyterLab app (before the Jupyter server starts): the wheel
# (extension, sidecar, proxy entry) and what it needs. Always exits 0. Source: lifecycle/.
# @lib
# Step name, time box in seconds, function (from the lib).
steps() {
  step artifacts 60 fetch_manifest
  step wheel 180 install_wheel
  step node 120 ensure_node
  step token 10 ensure_token
  step git-auth 30 run_helper git-credential.js install
  step kernels 60 run_helper kernels.js sync
  step direnv 60 ensure_direnv
  step allow-hidden 10 allow_hidden
  step on-start 10 start_on_start
}
run jupyterlab
