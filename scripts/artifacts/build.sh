#!/usr/bin/env bash
# Assembles what the CDK app deploys to the artifacts bucket: a folder mirroring the bucket's keys,
# with the manifest the lifecycle scripts read first (type: schema/src/artifacts.ts).
#
#   scripts/artifacts/build.sh [--wheel F] [--node F] [--direnv F] [--out DIR]
#
# --wheel    the wheel (default: the one python/dist holds; `npm run build:wheel` makes it)
# --node     a Node 20+ distribution tarball (node-v20.*-linux-x64.tar.xz), for images without Node
# --direnv   a static direnv binary (linux-amd64), for images without direnv
# --out      default dist/artifacts; the manifest lands in <out>/studio-teams/manifest.json
#
# Versioned keys (studio-teams/<version>/...) so a container never mixes two builds; the version is
# the wheel's plus the start of its digest, so any rebuild reinstalls.
set -euo pipefail
cd "$(dirname "$0")/../.."
wheel='' node='' direnv='' out=dist/artifacts
while [ $# -gt 0 ]; do
  case $1 in
    --wheel | --node | --direnv | --out)
      [ $# -ge 2 ] || { echo "$1 needs a value" >&2; exit 2; }
      declare "${1#--}=$2"
      shift 2
      ;;
    -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$wheel" ]; then
  shopt -s nullglob
  wheels=(python/dist/sagemaker_studio_for_teams-*.whl)
  [ ${#wheels[@]} -eq 1 ] || { echo "expected one wheel in python/dist, found ${#wheels[@]}: run npm run build:wheel or pass --wheel" >&2; exit 1; }
  wheel=${wheels[0]}
fi
for f in "$wheel" ${node:+"$node"} ${direnv:+"$direnv"}; do [ -f "$f" ] || { echo "no such file: $f" >&2; exit 1; }; done
# The folder is replaced as a whole: only ever one this script made.
if [ -e "$out" ] && [ ! -f "$out/studio-teams/manifest.json" ]; then
  echo "refusing to replace $out: it is not an artifacts folder (no studio-teams/manifest.json)" >&2
  exit 1
fi

sha() { sha256sum "$1" | cut -d' ' -f1; }
wheel_sha=$(sha "$wheel")
# sagemaker_studio_for_teams-0.1.0-py3-none-any.whl -> 0.1.0
wheel_version=$(basename "$wheel" | cut -d- -f2)
version="$wheel_version+${wheel_sha:0:12}"
prefix="studio-teams/$version"

rm -rf "$out.tmp"
mkdir -p "$out.tmp/$prefix"
entry() { # name file -> a manifest entry, the file copied to its key
  local key
  key="$prefix/$(basename "$2")"
  cp "$2" "$out.tmp/$key"
  printf '"%s": { "key": "%s", "sha256": "%s" }' "$1" "$key" "$(sha "$2")"
}
files=$(entry wheel "$wheel")
[ -z "$node" ] || files+=", $(entry node "$node")"
[ -z "$direnv" ] || files+=", $(entry direnv "$direnv")"
printf '{ "version": "%s", "files": { %s } }\n' "$version" "$files" >"$out.tmp/studio-teams/manifest.json"
rm -rf "$out"
mv "$out.tmp" "$out"
echo "artifacts $version in $out:"
(cd "$out" && find . -type f | sort | sed 's|^\./|  |')
