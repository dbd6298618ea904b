#!/bin/bash
# Studio for Teams, classic Studio's KernelGateway apps: the helpers (unpacked into the home, not
# installed into the image's Python), Node for them, the git credential helper and the kernels
# usable here, direnv, then ~/.on_start in the background. No apt, no pip, nothing from the
# internet: seconds, not minutes. Always exits 0. Source: lifecycle/ in the repo.
# @lib
# Step name, time box in seconds, function (from the lib).
steps() {
  step artifacts 30 fetch_manifest
  step helpers 60 install_helpers
  step node 90 ensure_node
  step git-auth 30 git_helper
  step kernels 30 run_helper kernels.js sync
  step direnv 30 ensure_direnv
  step on-start 10 start_on_start
}
run kernel-gateway
