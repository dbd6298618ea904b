# shellcheck shell=bash
# Shared by every lifecycle script; lifecycle/build.sh inlines it where the script says `# @lib`,
# since Studio takes one self-contained script per lifecycle config.
#
# Rules, because a failing or slow script locks the user out of their app: no `set -e`, every step
# runs under `timeout`, every failure is one log line, and the script always exits 0.

ST_STATE=${XDG_STATE_HOME:-$HOME/.local/state}/studio-teams
ST_SHARE=${XDG_DATA_HOME:-$HOME/.local/share}/studio-teams
ST_WORK=$(mktemp -d "${TMPDIR:-/tmp}/studio-teams.XXXXXX")
ST_METADATA=${STUDIO_METADATA_FILE:-/opt/ml/metadata/resource-metadata.json}
ST_AWS=${STUDIO_TEAMS_AWS:-aws}
ST_PY=${STUDIO_TEAMS_PYTHON:-$([ -x /opt/conda/bin/python ] && echo /opt/conda/bin/python || echo python3)}
export ST_STATE ST_SHARE ST_WORK ST_METADATA ST_AWS ST_PY
ST_STEPS=() ST_FAILED='' ST_CHANGED=''

log() { printf '[studio-teams] %s\n' "$*"; }
# The step's one-line summary, for the log and the panel.
note() { printf '%s' "$*" >"$ST_WORK/note"; }
now_ms() { date +%s%3N; }
iso_now() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }
json_str() {
  local s=${1//\\/\\\\}
  printf '"%s"' "$(printf '%s' "${s//\"/\\\"}" | tr '\000-\037' ' ')"
}
sha256_of() { sha256sum "$1" | cut -d' ' -f1; }
# A file written beside its target and renamed: a reader never sees half of it.
write_file() { # path content
  local tmp="$1.tmp.$$"
  printf '%s' "$2" >"$tmp" && mv -f "$tmp" "$1"
}

# Step contract: return 0 (already as wanted), 10 (changed something), 11 (skipped) or anything else
# (failed); say what happened with `note`. Each runs in its own bash under `timeout`, which kills
# the whole process group (pip, aws, tar) when the time is up.
# Studio kills a script after 5 minutes and the app then fails to start: past the start's budget
# (STUDIO_TEAMS_BUDGET, 200 s) every step gets 1 s, so all of them end well inside the limit.
step() { # name seconds function [args...]
  local name=$1 secs=$2 left=$((ST_DEADLINE - $(date +%s))) t0 rc status msg
  shift 2
  [ "$left" -ge 1 ] || left=1
  [ "$secs" -le "$left" ] || secs=$left
  t0=$(now_ms)
  : >"$ST_WORK/note"
  timeout -k 5 "$secs" bash -c '"$@"' "$name" "$@" 9>&- 2>&1 | sed -u "s/^\(\[studio-teams\] \)\{0,1\}/[studio-teams] $name: /"
  rc=${PIPESTATUS[0]}
  msg=$(cat "$ST_WORK/note" 2>/dev/null)
  case $rc in
    0) status=ok ;;
    10) status=changed ;;
    11) status=skipped ;;
    124 | 137) status=failed msg="timed out after ${secs}s${msg:+ ($msg)}" ;;
    *) status=failed msg=${msg:-exit $rc} ;;
  esac
  log "$name: $status: $msg"
  [ $status = failed ] && ST_FAILED+=" $name"
  [ $status = changed ] && ST_CHANGED+=" $name"
  ST_STEPS+=("{\"name\":$(json_str "$name"),\"status\":\"$status\",\"message\":$(json_str "$msg"),\"durationMs\":$(($(now_ms) - t0))}")
}

# Reads Studio's resource metadata and the manifest; writes $ST_WORK/manifest.env (shell-quoted
# values) for the later steps.
# @step
fetch_manifest() {
  local bucket=${STUDIO_TEAMS_ARTIFACTS_BUCKET:-} arn region
  arn=$(sed -n 's/.*"ResourceArn" *: *"\([^"]*\)".*/\1/p' "$ST_METADATA" 2>/dev/null)
  region=${AWS_REGION:-${AWS_DEFAULT_REGION:-$(cut -d: -f4 <<<"$arn")}}
  [ -n "$region" ] || { note "no region: neither AWS_REGION nor a ResourceArn in $ST_METADATA"; return 1; }
  bucket=${bucket:-studio-teams-artifacts-$(cut -d: -f5 <<<"$arn")-$region}
  s3get "$region" "$bucket" studio-teams/manifest.json "$ST_WORK/manifest.json" || return 1
  printf 'M_BUCKET=%q M_REGION=%q\n' "$bucket" "$region" >"$ST_WORK/manifest.env"
  "$ST_PY" - "$ST_WORK/manifest.json" >>"$ST_WORK/manifest.env" 2>"$ST_WORK/py.out" <<'PY' || { note "the manifest is not valid: $(tail -n1 "$ST_WORK/py.out")"; return 1; }
import json, shlex, sys
m = json.load(open(sys.argv[1]))
print("M_VERSION=" + shlex.quote(m["version"]))
for k, f in m["files"].items():
    if k in ("wheel", "node", "direnv"):
        print(f"M_{k.upper()}_KEY={shlex.quote(f['key'])} M_{k.upper()}_SHA={shlex.quote(f['sha256'])}")
PY
  . "$ST_WORK/manifest.env"
  [ -n "${M_WHEEL_KEY:-}" ] || { note "the manifest names no wheel"; return 1; }
  note "version $M_VERSION in s3://$bucket"
}
manifest() { [ -f "$ST_WORK/manifest.env" ] && . "$ST_WORK/manifest.env"; }

s3get() { # region bucket key destination
  AWS_REGION=$1 "$ST_AWS" s3api get-object --bucket "$2" --key "$3" "$4" >"$ST_WORK/aws.out" 2>&1 ||
    { note "cannot download s3://$2/$3: $(tail -n1 "$ST_WORK/aws.out")"; return 1; }
}

# Downloads one artifact and checks its digest; nothing is installed from a file that fails it.
fetch_artifact() { # key sha256 destination
  s3get "$M_REGION" "$M_BUCKET" "$1" "$3" || return 1
  local got
  got=$(sha256_of "$3")
  [ "$got" = "$2" ] || { note "s3://$M_BUCKET/$1 has sha256 $got, the manifest says $2: not installed"; rm -f "$3"; return 1; }
}

# The installed package's folder and the artifacts version recorded beside it at install.
installed_pkg() {
  local d
  d=$("$ST_PY" -c 'import os, sagemaker_studio_for_teams as m; print(os.path.dirname(m.__file__))' 2>/dev/null) || return 1
  echo "$d"
  cat "$d/ARTIFACTS_VERSION" 2>/dev/null
}

# pip-installs the wheel into the Jupyter server's Python (the image's, or the user site when that
# is read-only) when its version is not the one installed.
# @step
install_wheel() {
  manifest || { note "no manifest"; return 1; }
  local info wheel
  info=$(installed_pkg)
  if [ "$(sed -n 2p <<<"$info")" = "$M_VERSION" ]; then
    sed -n 1p <<<"$info" >"$ST_WORK/pkg"
    note "$M_VERSION already installed"
    return 0
  fi
  wheel="$ST_WORK/$(basename "$M_WHEEL_KEY")"
  fetch_artifact "$M_WHEEL_KEY" "$M_WHEEL_SHA" "$wheel" || return 1
  local pip=("$ST_PY" -m pip install --no-deps --no-index --force-reinstall --disable-pip-version-check -q)
  "${pip[@]}" "$wheel" || "${pip[@]}" --user "$wheel" || { note "pip could not install $(basename "$wheel")"; return 1; }
  info=$(installed_pkg)
  [ -n "$info" ] || { note "installed, but $ST_PY cannot import it"; return 1; }
  sed -n 1p <<<"$info" >"$ST_WORK/pkg"
  write_file "$(sed -n 1p <<<"$info")/ARTIFACTS_VERSION" "$M_VERSION"
  "$ST_PY" -c 'import jupyter_server_proxy' 2>/dev/null || log "warning: no jupyter-server-proxy in $ST_PY: no panel"
  note "installed $M_VERSION"
  return 10
}

# JupyterLab 3 (classic JupyterServer) cannot load a JupyterLab 4 extension: keep only the sidecar
# and helpers. Runs after every install, since pip puts the extension back.
# @step
drop_labextension() {
  local dirs
  dirs=$("$ST_PY" -c 'import os; from jupyter_core.paths import jupyter_path; [print(p) for p in (os.path.join(d, "@studio-teams", "extension") for d in jupyter_path("labextensions")) if os.path.isdir(p)]' 2>/dev/null)
  [ -n "$dirs" ] || { note "no JupyterLab 4 extension to remove"; return 0; }
  while read -r d; do rm -rf "$d"; done <<<"$dirs"
  note "removed the JupyterLab 4 extension (this JupyterLab cannot load it): $(tr '\n' ' ' <<<"$dirs")"
  return 10
}

# Where no Jupyter server runs our proxy (KernelGateway, Code Editor): only the helpers, unpacked
# from the wheel into the home, so nothing is added to the user's Python environments.
# @step
install_helpers() {
  manifest || { note "no manifest"; return 1; }
  local dir=$ST_SHARE/helpers wheel
  echo "$dir" >"$ST_WORK/pkg"
  if [ "$(cat "$dir/ARTIFACTS_VERSION" 2>/dev/null)" = "$M_VERSION" ]; then
    note "helpers $M_VERSION already in $dir"
    return 0
  fi
  wheel="$ST_WORK/$(basename "$M_WHEEL_KEY")"
  fetch_artifact "$M_WHEEL_KEY" "$M_WHEEL_SHA" "$wheel" || return 1
  # Python's zipfile rather than unzip, which not every kernel image has.
  rm -rf "$dir.new" && mkdir -p "$dir.new"
  "$ST_PY" - "$wheel" "$dir.new/sidecar" <<'PY' || { note "cannot unpack the helpers from $(basename "$wheel")"; return 1; }
import os, sys, zipfile
z, out = zipfile.ZipFile(sys.argv[1]), sys.argv[2]
os.makedirs(out)
for n in z.namelist():
    if n.startswith("sagemaker_studio_for_teams/sidecar/") and not n.endswith("/"):
        open(os.path.join(out, os.path.basename(n)), "wb").write(z.read(n))
PY
  echo "$M_VERSION" >"$dir.new/ARTIFACTS_VERSION" && rm -rf "$dir" && mv "$dir.new" "$dir" ||
    { note "cannot unpack the helpers into $dir"; return 1; }
  note "helpers $M_VERSION unpacked into $dir"
  return 10
}

node_ok() { "$1" -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' 2>/dev/null; }

# The sidecar and helpers need Node 20+: the image's, else the pinned one from the artifacts bucket,
# unpacked into the home and linked where the Jupyter server finds it. Never from the internet.
# @step
ensure_node() {
  local image dir=$ST_SHARE/node link
  image=$(command -v node)
  if [ -n "$image" ] && [ "$(readlink -f "$image")" != "$dir/bin/node" ] && node_ok "$image"; then
    echo "$image" >"$ST_WORK/node"
    note "$("$image" --version) from the image ($image)"
    return 0
  fi
  manifest
  [ -n "${M_NODE_KEY:-}" ] || { note "no Node 20+ in the image or the artifacts: the sidecar and helpers cannot run"; return 1; }
  local rc=0
  if [ "$(cat "$dir/.sha256" 2>/dev/null)" != "$M_NODE_SHA" ] || ! node_ok "$dir/bin/node"; then
    fetch_artifact "$M_NODE_KEY" "$M_NODE_SHA" "$ST_WORK/node.tar" || return 1
    rm -rf "$dir.new" && mkdir -p "$dir.new" && tar -xf "$ST_WORK/node.tar" -C "$dir.new" --strip-components=1 &&
      node_ok "$dir.new/bin/node" && echo "$M_NODE_SHA" >"$dir.new/.sha256" && rm -rf "$dir" && mv "$dir.new" "$dir" ||
      { note "the Node artifact does not unpack to a working bin/node"; return 1; }
    rc=10
  fi
  echo "$dir/bin/node" >"$ST_WORK/node"
  # Beside the server's Python, which is on the PATH the proxy starts the sidecar with.
  link="$(dirname "$ST_PY")/node"
  [ -w "$(dirname "$link")" ] || { link=$HOME/.local/bin/node && mkdir -p "$HOME/.local/bin"; }
  if [ "$(readlink "$link")" != "$dir/bin/node" ]; then ln -sfn "$dir/bin/node" "$link" && rc=10; fi
  note "$("$dir/bin/node" --version) from the artifacts, linked at $link"
  return "$rc"
}

# The sidecar's bearer token, as token_file.py and token-file.ts keep it: a 0600 file, linked into
# place so a sidecar starting at the same moment never reads half a token.
# @step
ensure_token() {
  local file=${STUDIO_SIDECAR_TOKEN_FILE:-${XDG_CONFIG_HOME:-$HOME/.config}/studio-teams/sidecar-token} mode tmp
  if [ -f "$file" ]; then
    mode=$(stat -c %a "$file")
    if [ "$mode" = 600 ] || [ "$mode" = 400 ]; then note "$file exists"; return 0; fi
    # Others could read it: it is no secret any more, so it is replaced rather than chmod-ed.
    rm -f "$file"
    log "$file had mode $mode: replaced with a new token"
  fi
  mkdir -p "$(dirname "$file")" && chmod 700 "$(dirname "$file")"
  tmp="$file.$$.tmp"
  (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$tmp" && echo >>"$tmp") &&
    { ln "$tmp" "$file" 2>/dev/null || [ -f "$file" ]; }
  rm -f "$tmp"
  [ -f "$file" ] || { note "cannot write $file"; return 1; }
  note "wrote $file (0600)"
  return 10
}

# Seams for the helpers other features ship next to the sidecar bundle: run when present.
# @step
run_helper() { # script args...
  local pkg js node
  pkg=$(cat "$ST_WORK/pkg" 2>/dev/null)
  js="$pkg/sidecar/$1"
  shift
  [ -n "$pkg" ] && [ -f "$js" ] || { note "$(basename "$js") is not in this version: skipped"; return 11; }
  node=$(cat "$ST_WORK/node" 2>/dev/null)
  [ -n "$node" ] || { note "no Node to run $(basename "$js")"; return 1; }
  # NODE_NO_WARNINGS: the AWS SDK's Node-version notice would fill every start's log.
  NODE_NO_WARNINGS=1 "$node" "$js" "$@" || { note "$(basename "$js") $* failed"; return 1; }
  note "$(basename "$js") $* done"
}

# Classic JupyterServer and KernelGateway apps share one home, so one ~/.gitconfig: a helper entry
# naming one app's Node and package folder fails in the other. The helper is copied to a fixed place
# in the home and registered with a `node` wrapper there, which runs the home's pinned Node or the
# first Node that any app of this home found and that exists in the app git runs in.
# @step
git_helper() {
  local pkg n d=$ST_SHARE/git w
  pkg=$(cat "$ST_WORK/pkg" 2>/dev/null) n=$(cat "$ST_WORK/node" 2>/dev/null)
  [ -f "$pkg/sidecar/git-credential.js" ] || { note "git-credential.js is not in this version: skipped"; return 11; }
  [ -n "$n" ] || { note "no Node to run git-credential.js"; return 1; }
  mkdir -p "$d" && { grep -qxF "$n" "$d/nodes" 2>/dev/null || echo "$n" >>"$d/nodes"; } &&
    { cmp -s "$pkg/sidecar/git-credential.js" "$d/git-credential.js" || { cp "$pkg/sidecar/git-credential.js" "$d/.js.$$" && mv -f "$d/.js.$$" "$d/git-credential.js"; }; } ||
    { note "cannot write $d"; return 1; }
  w="#!/bin/sh
IFS='
'
for n in '$ST_SHARE/node/bin/node' \$(cat '$d/nodes'); do [ -x \"\$n\" ] && exec \"\$n\" \"\$@\"; done
echo 'git-credential: no Node of $d/nodes in this app' >&2; exit 1
"
  [ "$(cat "$d/node" 2>/dev/null)"$'\n' = "$w" ] || { write_file "$d/node" "$w" && chmod 755 "$d/node"; } || { note "cannot write $d/node"; return 1; }
  NODE_NO_WARNINGS=1 "$n" "$d/git-credential.js" install --node "$d/node" || { note "git-credential.js install failed"; return 1; }
  note "git-credential.js install done (helper and node wrapper in $d)"
}

profile_block() {
  cat <<'EOF'
# >>> studio-teams direnv >>>
# Rewritten by the Studio for Teams lifecycle config at each start.
[ -f /opt/conda/etc/profile.d/conda.sh ] && . /opt/conda/etc/profile.d/conda.sh && conda activate base
case ":$PATH:" in *":$HOME/.local/bin:"*) ;; *) PATH="$HOME/.local/bin:$PATH" ;; esac
command -v direnv >/dev/null 2>&1 && eval "$(direnv hook bash)"
# <<< studio-teams direnv <<<
EOF
}
# direnv (the image's, else the artifact's in ~/.local/bin) and the ~/.profile block that hooks it,
# so a ~/.envrc with `dotenv` loads ~/.env in every login shell.
# @step
ensure_direnv() {
  local rc=0 bin=$HOME/.local/bin/direnv found profile=$HOME/.profile current want block
  found=$(PATH="$HOME/.local/bin:$PATH" command -v direnv)
  manifest
  if [ -z "$found" ] || { [ "$found" = "$bin" ] && [ -n "${M_DIRENV_SHA:-}" ] && [ "$(sha256_of "$bin")" != "$M_DIRENV_SHA" ]; }; then
    [ -n "${M_DIRENV_KEY:-}" ] || { note "no direnv in the image and none in the artifacts"; return 1; }
    mkdir -p "$HOME/.local/bin"
    fetch_artifact "$M_DIRENV_KEY" "$M_DIRENV_SHA" "$bin.new" || return 1
    chmod 755 "$bin.new" && mv -f "$bin.new" "$bin" && found=$bin rc=10
  fi
  current=$(sed -n '/^# >>> studio-teams direnv >>>$/,/^# <<< studio-teams direnv <<<$/p' "$profile" 2>/dev/null)
  block=$(profile_block)
  if [ "$current" != "$block" ]; then
    want=$(sed '/^# >>> studio-teams direnv >>>$/,/^# <<< studio-teams direnv <<<$/d' "$profile" 2>/dev/null)
    write_file "$profile" "${want:+$want$'\n'}$block"$'\n' || { note "cannot write $profile"; return 1; }
    rc=10
  fi
  note "direnv at $found; hooked in $profile"
  return "$rc"
}

# Hidden files (.env, .envrc, .gitignore) in the file browser: the original's manual step. Merged
# into the user's jupyter_server_config.json (the server reads no other config from a conf.d).
# @step
allow_hidden() {
  local file=${JUPYTER_CONFIG_DIR:-$HOME/.jupyter}/jupyter_server_config.json
  mkdir -p "$(dirname "$file")"
  "$ST_PY" - "$file" 2>"$ST_WORK/py.out" <<'PY'
import json, os, sys
f = sys.argv[1]
c = json.load(open(f)) if os.path.exists(f) else {}
if c.get("ContentsManager", {}).get("allow_hidden") is True: sys.exit(0)
c.setdefault("ContentsManager", {})["allow_hidden"] = True
open(f + ".tmp", "w").write(json.dumps(c, indent=2) + "\n")
os.replace(f + ".tmp", f)
sys.exit(10)
PY
  local rc=$?
  [ "$rc" = 0 ] || [ "$rc" = 10 ] || { note "cannot update $file: $(tail -n1 "$ST_WORK/py.out")"; return 1; }
  note "ContentsManager.allow_hidden in $file"
  return "$rc"
}

# ~/.on_start in the background, time-boxed, detached from our stdout (Studio would wait for it),
# its output and result where the panel reads them.
# @step
start_on_start() {
  local hook=$HOME/.on_start secs=${STUDIO_TEAMS_ON_START_TIMEOUT:-1800}
  [ -e "$hook" ] || { note "no ~/.on_start"; return 11; }
  [ -x "$hook" ] || { note "not run: ~/.on_start is not executable (chmod +x ~/.on_start)"; return 11; }
  rm -f "$ST_STATE/on-start.json"
  # shellcheck disable=SC2016
  setsid bash -c '
    started=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ); t0=$(date +%s)
    timeout -k 10 "$1" "$2"; rc=$?
    t=$(( $(date +%s) - t0 )); timed=false; [ $rc = 124 ] && timed=true
    if [ $rc = 0 ]; then echo "[studio-teams] on-start: ~/.on_start finished in ${t}s"
    elif $timed; then echo "[studio-teams] on-start: ~/.on_start stopped after ${1}s: it took too long"
    else echo "[studio-teams] on-start: ~/.on_start failed with exit code $rc after ${t}s"; fi
    printf "{\"startedAt\":\"%s\",\"finishedAt\":\"%s\",\"exitCode\":%d,\"timedOut\":%s}\n" "$started" "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" $rc $timed >"$3.tmp" && mv -f "$3.tmp" "$3"
  ' on-start "$secs" "$hook" "$ST_STATE/on-start.json" </dev/null >"$ST_STATE/on-start.log" 2>&1 &
  note "started ~/.on_start in the background (at most ${secs}s; output in $ST_STATE/on-start.log)"
}

# Writes last-start.json for the panel (temp file, then rename) and the closing log line.
finish() { # script started-at t0
  local version steps
  version=$(manifest && echo "$M_VERSION")
  steps=$(IFS=,; echo "${ST_STEPS[*]}")
  write_file "$ST_STATE/last-start.json" "{\"script\":$(json_str "$1"),\"startedAt\":\"$2\",\"finishedAt\":\"$(iso_now)\",\"durationMs\":$(($(now_ms) - $3)),\"version\":$([ -n "$version" ] && json_str "$version" || echo null),\"steps\":[$steps]}"
  rm -rf "$ST_WORK"
  log "done: ${ST_CHANGED:+changed:}${ST_CHANGED:-nothing changed}${ST_FAILED:+; failed:$ST_FAILED (the app starts all the same)}"
}

# Runs the script's `steps` (each `step` with its time box), logging to stdout and last-start.log;
# never fails.
run() { # script
  local started t0 fns
  mkdir -p "$ST_STATE"
  mapfile -t fns < <(compgen -A function)
  export -f "${fns[@]}"
  ST_DEADLINE=$(($(date +%s) + ${STUDIO_TEAMS_BUDGET:-200}))
  # Apps sharing this home (classic KernelGateway apps often start together) take turns: two starts
  # at once would unpack over each other and fight over ~/.gitconfig's lock. The wait counts against
  # the budget; steps close fd 9, so ~/.on_start does not hold the lock.
  { exec 9>>"$ST_STATE/start.lock"; } 2>/dev/null
  command -v flock >/dev/null && ! flock -w 120 9 && log "another start in this home is still running after 120s: going ahead"
  {
    started=$(iso_now) t0=$(now_ms)
    log "$1 lifecycle script started"
    steps
    finish "$1" "$started" "$t0"
  } 2>&1 | tee "$ST_STATE/last-start.log"
  exit 0
}
