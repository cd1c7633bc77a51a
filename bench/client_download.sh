#!/usr/bin/env bash
# (d) The native client `modelhub download` against plain curl on the same URLs of the same server:
#   1. snapshot of a repo with 2 x 1 GiB LFS files + 30 small files, fresh cache each run, vs
#      `curl --parallel --parallel-max 8` fetching the same resolve URLs (33 with .gitattributes) into a folder;
#   2. one 1 GiB LFS file, fresh cache, vs `curl -o`;
#   3. no-op: the same snapshot download again with everything cached (absolute time).
# RUNS alternating runs after one warm-up each, median. Targets: (2) ratio <= 1.05,
# (3) <= 50 ms. MODELHUB_BIN is the client as well as the server. Outputs live under $WORK.
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-3}
NOOP_RUNS=${NOOP_RUNS:-15}
WORKERS=${WORKERS:-8}

big_file
second=$BENCH_CACHE/big2-1GiB.bin
if [[ ! -f $second.sha256 ]]; then
  head -c $((1024 * 1024 * 1024)) /dev/urandom >"$second.tmp"
  sha256sum "$second.tmp" | cut -c1-64 >"$second.sha256.tmp"
  mv "$second.tmp" "$second"
  mv "$second.sha256.tmp" "$second.sha256"
fi
start_modelhub
create_repo dl
lfs_commit dl weights/model-00001.safetensors "$BIG_FILE" "$BIG_OID"
lfs_commit dl weights/model-00002.safetensors "$second" "$(cat "$second.sha256")"
small=$WORK/small
mkdir -p "$small"
ndjson=$WORK/small.ndjson
echo '{"key":"header","value":{"summary":"small files"}}' >"$ndjson"
for i in $(seq -w 1 30); do
  head -c $((10#$i * 997 + 100)) /dev/urandom | base64 -w0 >"$small/file-$i.txt"
  printf '{"key":"file","value":{"path":"small/file-%s.txt","content":"%s","encoding":"base64"}}\n' \
    "$i" "$(base64 -w0 "$small/file-$i.txt")" >>"$ndjson"
done
curl -sf -H "$(auth)" -H 'Content-Type: application/x-ndjson' --data-binary @"$ndjson" \
  "$HUB_URL/api/models/admin/dl/commit/main" >/dev/null || die "small-file commit failed"

paths=$(curl -sf -H "$(auth)" "$HUB_URL/api/models/admin/dl/tree/main?recursive=true" |
  python3 -c 'import json,sys; print("\n".join(e["path"] for e in json.load(sys.stdin) if e["type"]=="file"))')
# 33 with the new repo's .gitattributes.
[[ $(echo "$paths" | wc -l) -ge 32 ]] || die "expected at least 32 files, got: $paths"

export HF_TOKEN=$HUB_TOKEN HF_HUB_OFFLINE=
client() { "$MODELHUB_BIN" download admin/dl --endpoint "$HUB_URL" --quiet --max-workers "$WORKERS" "$@" >/dev/null; }
# Each timed run starts with no dirty pages left by the previous one (curl does not fsync, the
# client does before its rename; otherwise one pays for the other's writeback).
timed() {
  local t0 t1
  sync
  t0=$(now)
  "$@"
  t1=$(now)
  elapsed "$t0" "$t1"
}

snapshot_client() {
  rm -rf "$WORK/cache"
  client --cache-dir "$WORK/cache"
}
snapshot_curl() {
  rm -rf "$WORK/curl" && mkdir -p "$WORK/curl"
  local args=() p
  for p in $paths; do
    args+=(-o "$WORK/curl/${p//\//_}" "$HUB_URL/admin/dl/resolve/main/$p")
  done
  curl -sfL --no-progress-meter -H "$(auth)" --parallel --parallel-max "$WORKERS" "${args[@]}" 2>/dev/null
}
one_client() {
  rm -rf "$WORK/cache1"
  client weights/model-00001.safetensors --cache-dir "$WORK/cache1" "$@"
}
one_client_trusting() { one_client --no-verify; }
one_sha256() { openssl dgst -sha256 "$BIG_FILE" >/dev/null; }
one_curl() {
  rm -f "$WORK/one.bin"
  curl -sfL -H "$(auth)" -o "$WORK/one.bin" "$HUB_URL/admin/dl/resolve/main/weights/model-00001.safetensors"
}

snapshot_client
snapshot_curl
snap_m=() snap_c=()
for _ in $(seq "$RUNS"); do
  snap_m+=("$(timed snapshot_client)")
  snap_c+=("$(timed snapshot_curl)")
done
rm -rf "$WORK/curl"
# The snapshot cache of the last client run stays for the no-op runs below.
one_client
one_curl
one_m=() one_c=() one_n=() one_h=()
for _ in $(seq "$RUNS"); do
  one_m+=("$(timed one_client)")
  one_c+=("$(timed one_curl)")
  one_n+=("$(timed one_client_trusting)")
  one_h+=("$(timed one_sha256)")
done
rm -rf "$WORK/cache1" "$WORK/one.bin"
noop=()
client --cache-dir "$WORK/cache"
for _ in $(seq "$NOOP_RUNS"); do noop+=("$(timed client --cache-dir "$WORK/cache")"); done
# The floor of any no-op: one API request answered by this server (curl process start included).
api=()
for _ in $(seq "$NOOP_RUNS"); do
  api+=("$(timed curl -sf -o /dev/null -H "$(auth)" "$HUB_URL/api/models/admin/dl/revision/main")")
done

med() { printf '%s\n' "$@" | median; }
list() { printf '%s ' "$@"; }
sm=$(med "${snap_m[@]}") sc=$(med "${snap_c[@]}")
om=$(med "${one_m[@]}") oc=$(med "${one_c[@]}") on=$(med "${one_n[@]}") oh=$(med "${one_h[@]}")
nm=$(med "${noop[@]}") am=$(med "${api[@]}")
ms() { awk -v s="$1" 'BEGIN {printf "%.1f", s * 1000}'; }
r1=$(ratio "$sm" "$sc") r2=$(ratio "$om" "$oc") r3=$(ratio "$on" "$oc") r4=$(ratio "$oh" "$oc")
v2=$(awk -v r="$r2" 'BEGIN {print (r <= 1.05) ? "PASS" : "FAIL"}')
v3n=$(awk -v r="$r3" 'BEGIN {print (r <= 1.05) ? "PASS" : "FAIL"}')
v3=$(awk -v s="$nm" 'BEGIN {print (s <= 0.050) ? "PASS" : "FAIL"}')
report client_download <<EOT
(d) modelhub download vs curl on the same resolve URLs, median of $RUNS runs (s), $WORKERS workers
| case                                   | modelhub | curl   | ratio | runs modelhub / curl |
|----------------------------------------|---------:|-------:|------:|----------------------|
| snapshot 2 x 1 GiB + 30 small (--parallel) | $sm | $sc | $r1 | $(list "${snap_m[@]}")/ $(list "${snap_c[@]}")|
| one 1 GiB LFS file (sha256 checked)    | $om | $oc | $r2 | $(list "${one_m[@]}")/ $(list "${one_c[@]}")|
| one 1 GiB LFS file, --no-verify        | $on | $oc | $r3 | $(list "${one_n[@]}")/ $(list "${one_c[@]}")|
| openssl dgst -sha256 of that file (the floor of a checked download) | $oh | $oc | $r4 | $(list "${one_h[@]}")|
ratio one 1 GiB file = $r2 checked (target <= 1.05: $v2), $r3 with --no-verify ($v3n)
no-op snapshot download, all cached: median $(ms "$nm") ms of $NOOP_RUNS (target <= 50 ms: $v3);
one curl of /api/models/admin/dl/revision/main: median $(ms "$am") ms
EOT
