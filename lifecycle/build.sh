#!/usr/bin/env bash
# Builds lifecycle/dist/<app>.sh: each script of src/ with src/lib.sh inlined at its `# @lib` line,
# since a Studio lifecycle config is one self-contained script of at most 16 KB once base64-encoded.
# To stay inside that, the lib's comment-only lines and the argument notes after a function's `{`
# are left in the source, its indentation is dropped (outside here-documents, where it would matter),
# and the step functions (marked `# @step`) the script's `steps` do not name are left out.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p dist
for src in src/*.sh; do
  name=$(basename "$src")
  [ "$name" = lib.sh ] && continue
  grep -qx '# @lib' "$src" || { echo "$src has no '# @lib' line" >&2; exit 1; }
  steps=" $(tr -s '[:space:]' ' ' <"$src") "
  lib=$(awk -v steps="$steps" '
    $0 == "# @step" { marked = 1; next }
    marked { marked = 0; name = $0; sub(/\(\).*/, "", name); if (index(steps, " " name " ") == 0) { skip = 1; next } }
    skip { if ($0 == "}") skip = 0; next }
    here != "" { if ($0 == here) here = ""; print; next }
    /<<\047[A-Z]+\047/ { here = $0; sub(/.*<<\047/, "", here); sub(/\047.*/, "", here) }
    /^[[:space:]]*#/ && !/# shellcheck/ { next }
    /^[a-z_]+\(\) \{ # / { sub(/ # .*/, "") }
    { sub(/^ +/, ""); print }' src/lib.sh)
  out=dist/$name
  LIB=$lib awk '$0 == "# @lib" { print ENVIRON["LIB"]; next } { print }' "$src" >"$out.tmp.$$"
  chmod 755 "$out.tmp.$$"
  mv "$out.tmp.$$" "$out"  # a test running beside another build never reads half a script
  size=$(base64 -w0 "$out" | wc -c)
  [ "$size" -le 16384 ] || { echo "$out is $size bytes in base64, over Studio's 16 KB" >&2; exit 1; }
  echo "$out ($size bytes base64)"
done
