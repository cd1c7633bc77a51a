# Shared helpers for the peer benchmarks (sourced, not run): start/stop modelhub and nginx on free
# loopback ports, create a repo, upload an LFS file, medians and table output.
# shellcheck shell=bash
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
MODELHUB_BIN=${MODELHUB_BIN:-$ROOT/build/release/modelhub}
OUT_DIR=${OUT_DIR:-$BENCH_DIR/out}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/modelhub-bench.XXXXXX")
# Where the 1 GiB test file lives: shared by the benchmarks of one run_all.sh (which removes it),
# else inside this script's own work dir.
# Not $WORK/cache: client_download.sh uses that as the client cache and deletes it between runs.
BENCH_CACHE=${BENCH_CACHE:-$WORK/test-files}
mkdir -p "$OUT_DIR" "$BENCH_CACHE"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

die() { echo "bench: $*" >&2; exit 1; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Starts modelhub with a fresh data dir under $WORK; sets HUB_URL, HUB_TOKEN, HUB_DATA, HUB_PID.
start_modelhub() {
  [[ -x $MODELHUB_BIN ]] || die "no modelhub binary at $MODELHUB_BIN (build first or set MODELHUB_BIN)"
  HUB_DATA=$(mktemp -d "$WORK/hub.XXXXXX")
  mkdir -p "$HUB_DATA/data"
  HUB_TOKEN=hf_bench$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  # Rate limits off: load generators send far more than one client's budget per window.
  "$MODELHUB_BIN" serve --data "$HUB_DATA/data" --listen 127.0.0.1:0 --admin-user admin \
    --admin-token "$HUB_TOKEN" --rate-limit-api 0 --rate-limit-resolvers 0 \
    >"$HUB_DATA/stdout" 2>"$HUB_DATA/stderr" &
  HUB_PID=$!
  PIDS+=("$HUB_PID")
  local i
  for i in $(seq 1 300); do
    HUB_URL=$(sed -n 's/.*modelhub: listening on \(http:\/\/[0-9.:]*\).*/\1/p' "$HUB_DATA/stdout" 2>/dev/null | head -1 || true)
    [[ -n $HUB_URL ]] && return 0
    kill -0 "$HUB_PID" 2>/dev/null || die "modelhub exited: $(cat "$HUB_DATA/stderr")"
    sleep 0.1
  done
  die "modelhub did not start"
}

stop_modelhub() {
  kill -TERM "$HUB_PID" 2>/dev/null || true
  wait "$HUB_PID" 2>/dev/null || true
  rm -rf "$HUB_DATA"
}

# Starts nginx (non-daemon, generated config, sendfile on, access_log off) serving directory $1;
# sets NGINX_URL.
start_nginx() { start_nginx_server "root $1; location / { }"; }

# Same nginx, with $1 as the body of its one server block (locations, proxy_pass, fastcgi_pass...);
# sets NGINX_URL.
start_nginx_server() {
  local body=$1 dir port user_line=""
  dir=$(mktemp -d "$WORK/nginx.XXXXXX")
  port=$(free_port)
  mkdir -p "$dir/tmp"
  # As root, nginx would hand requests to `nobody`, who cannot read our private temp dirs.
  [[ $(id -u) -eq 0 ]] && user_line="user root;"
  cat >"$dir/nginx.conf" <<EOF
$user_line
worker_processes auto;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  types { application/json json; }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$port;
    $body
  }
}
EOF
  nginx -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" &
  PIDS+=("$!")
  NGINX_URL=http://127.0.0.1:$port
  local i
  for i in $(seq 1 100); do
    curl -s -o /dev/null "$NGINX_URL/" && return 0
    sleep 0.05
  done
  die "nginx did not start: $(cat "$dir/error.log")"
}

auth() { echo "Authorization: Bearer $HUB_TOKEN"; }

create_repo() {
  curl -sf -H "$(auth)" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$1\",\"organization\":\"admin\",\"type\":\"model\"}" "$HUB_URL/api/repos/create" >/dev/null ||
    die "create repo $1 failed"
}

# Regular-file commit: commit_file REPO PATH LOCAL_FILE
commit_file() {
  local b64
  b64=$(base64 -w0 "$3")
  printf '{"key":"header","value":{"summary":"bench"}}\n{"key":"file","value":{"path":"%s","content":"%s","encoding":"base64"}}\n' "$2" "$b64" |
    curl -sf -H "$(auth)" -H 'Content-Type: application/x-ndjson' --data-binary @- \
      "$HUB_URL/api/models/admin/$1/commit/main" >/dev/null || die "commit of $2 failed"
}

# LFS batch for FILE (sha256 OID, size SIZE) in repo REPO; prints the upload href ("" if stored).
lfs_batch_href() {
  local repo=$1 oid=$2 size=$3
  curl -sf -H "$(auth)" -H 'Content-Type: application/vnd.git-lfs+json' \
    -H 'Accept: application/vnd.git-lfs+json' \
    -d "{\"operation\":\"upload\",\"transfers\":[\"basic\"],\"hash_algo\":\"sha256\",\"objects\":[{\"oid\":\"$oid\",\"size\":$size}]}" \
    "$HUB_URL/admin/$repo.git/info/lfs/objects/batch" |
    python3 -c 'import json,sys; o=json.load(sys.stdin)["objects"][0]; print(o.get("actions",{}).get("upload",{}).get("href",""))'
}

# LFS upload of FILE then an lfsFile commit at PATH: lfs_commit REPO PATH FILE OID
lfs_commit() {
  local repo=$1 path=$2 file=$3 oid=$4 size href
  size=$(stat -c %s "$file")
  href=$(lfs_batch_href "$repo" "$oid" "$size")
  if [[ -n $href ]]; then
    curl -sf -o /dev/null -H 'Expect:' -T "$file" "$href" || die "LFS PUT failed"
  fi
  printf '{"key":"header","value":{"summary":"bench"}}\n{"key":"lfsFile","value":{"path":"%s","algo":"sha256","oid":"%s","size":%s}}\n' "$path" "$oid" "$size" |
    curl -sf -H "$(auth)" -H 'Content-Type: application/x-ndjson' --data-binary @- \
      "$HUB_URL/api/models/admin/$repo/commit/main" >/dev/null || die "lfsFile commit failed"
}

# The 1 GiB random test file (kept in $BENCH_CACHE with its sha256 beside it).
big_file() {
  local f=$BENCH_CACHE/big-1GiB.bin
  if [[ ! -f $f.sha256 ]]; then
    head -c $((1024 * 1024 * 1024)) /dev/urandom >"$f.tmp"
    sha256sum "$f.tmp" | cut -c1-64 >"$f.sha256.tmp"
    mv "$f.tmp" "$f"
    mv "$f.sha256.tmp" "$f.sha256"
  fi
  BIG_FILE=$f
  BIG_OID=$(cat "$f.sha256")
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", b - a}'; }

# Writes stdin to the console and to bench/out/<name>.txt (the latest figures of that benchmark).
report() {
  local name=$1
  {
    echo "# $name — $(date -u +%Y-%m-%dT%H:%M:%SZ) — $(nproc) CPUs, $(uname -r)"
    cat
  } | tee "$OUT_DIR/$name.txt"
}
