#!/usr/bin/env bash
# Enforces DESIGN.md's module graph on #include lines: a module may include only its own headers
# and the public headers of the modules it depends on, and never another module's internal/.
set -euo pipefail
src=$1
declare -A allowed=(
  [core]="core"
  [card]="core card"
  [storage/metastore]="core storage/metastore"
  [storage/blobstore]="core storage/blobstore"
  [storage/gitstore]="core storage/metastore storage/gitstore"
  [search]="core card storage/metastore storage/gitstore storage/blobstore search"
  [hub]="core card storage/metastore storage/gitstore storage/blobstore search hub"
  [server]="core card storage/metastore storage/gitstore storage/blobstore search hub server"
  [client]="core client"
  [mirror]="core card storage/metastore storage/gitstore storage/blobstore search hub client mirror"
  [cli]="core card storage/metastore storage/gitstore storage/blobstore search hub server client mirror cli"
)
module_of() {
  local rel=${1#modelhub/}
  case $rel in
    storage/*) echo "$rel" | cut -d/ -f1-2 ;;
    *) echo "$rel" | cut -d/ -f1 ;;
  esac
}
status=0
while IFS= read -r file; do
  rel=${file#"$src"/}
  from=$(module_of "$rel")
  [[ -n ${allowed[$from]+x} ]] || { echo "unknown module for $rel"; status=1; continue; }
  while IFS= read -r inc; do
    to=$(module_of "$inc")
    ok=0
    for m in ${allowed[$from]}; do [[ $m == "$to" ]] && ok=1; done
    if ((ok == 0)); then echo "$rel: may not include $inc ($from -> $to)"; status=1; fi
    if [[ $to != "$from" && $inc == */internal/* ]]; then
      echo "$rel: includes another module's internal header $inc"; status=1
    fi
  done < <(sed -n 's/^#include "\(modelhub\/[^"]*\)".*/\1/p' "$file")
done < <(find "$src/modelhub" -name '*.h' -o -name '*.cpp')
exit $status
