#!/bin/bash
# Studio for Teams, classic Studio's JupyterServer app (JupyterLab 3, which cannot load our
# JupyterLab 4 extension): the sidecar with its proxy entry, Node, the sidecar's token, the git
# identity and credential helper, hidden files in the file browser. Always exits 0.
# Source: lifecycle/ in the repo.
# @lib
# Step name, time box in seconds, function (from the lib).
steps() {
  step artifacts 30 fetch_manifest
  step wheel 120 install_wheel
  step labextension 30 drop_labextension
  step node 90 ensure_node
  step token 10 ensure_token
  step git-auth 30 git_helper
  step allow-hidden 10 allow_hidden
}
run jupyter-server
