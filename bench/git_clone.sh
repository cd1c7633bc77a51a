#!/usr/bin/env bash
# (e) `git clone` over smart HTTP of a repo with 1,000 small files and 3 LFS files (issue 7 point 5)
# vs `git clone` of the very same commits from a bare repo served by `git http-backend` (fcgiwrap),
# both behind one nginx (modelhub by proxy_pass, the peer by fastcgi_pass). RUNS alternating runs
# per case, each clone into a fresh directory, median. See bench/README.md "git clone".
# Target: modelhub/peer <= 1.5 for the protocol v2 clone with GIT_LFS_SKIP_SMUDGE=1 (the same
# objects from both servers: git-http-backend has no LFS). Also reported: v0, a bare clone
# (transfer only), the full clone with LFS smudge against http-backend + curl of the 3 LFS files,
# and the server alone (one v2 fetch POST by curl).
# Env: RUNS (5), SMALL_FILES (1000), LFS_MIB (20), CLONE_TMP (/dev/shm: where clones are written),
# MODELHUB_BIN.
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-5}
SMALL_FILES=${SMALL_FILES:-1000}
LFS_MIB=${LFS_MIB:-20}
LFS_FILES=3
command -v fcgiwrap >/dev/null || die "fcgiwrap missing (scripts/setup.sh installs it)"
command -v git-lfs >/dev/null || die "git-lfs missing (scripts/setup.sh installs it)"
HTTP_BACKEND=$(git --exec-path)/git-http-backend
[[ -x $HTTP_BACKEND ]] || die "no git-http-backend at $HTTP_BACKEND"

# git and git-lfs with a private HOME and global config, nothing from the machine's settings.
export HOME=$WORK/home GIT_CONFIG_GLOBAL=$WORK/home/.gitconfig GIT_CONFIG_NOSYSTEM=1
export GIT_TERMINAL_PROMPT=0 GIT_ASKPASS="" SSH_ASKPASS="" LC_ALL=C
mkdir -p "$HOME"
git config --global user.name Bench
git config --global user.email bench@example.org
git config --global init.defaultBranch main
git lfs install --skip-repo >/dev/null

# ---------- content, pushed to modelhub with git + git-lfs ----------
start_modelhub
create_repo clone
src=$WORK/src
hub_direct=${HUB_URL/http:\/\//http://user:$HUB_TOKEN@}/admin/clone
git clone -q "$hub_direct" "$src"
# Small files: 200-2000 bytes of word-like text each (compresses and deltifies like source and
# configs do), in 10 directories; deterministic (seed 7).
python3 - "$src" "$SMALL_FILES" <<'PY'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
vocab = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz_") for _ in range(rng.randint(2, 10)))
         for _ in range(600)]
dirs = ["configs", "data/train", "data/eval", "docs", "src/model", "src/utils", "tokenizer",
        "scripts", "notebooks", "tests"]
exts = ["txt", "json", "py", "md", "yaml"]
for i in range(n):
    d = os.path.join(root, dirs[i % len(dirs)])
    os.makedirs(d, exist_ok=True)
    size = rng.randint(200, 2000)
    out, length = [], 0
    while length < size:
        line = " ".join(rng.choice(vocab) for _ in range(rng.randint(3, 12))) + "\n"
        out.append(line)
        length += len(line)
    with open(os.path.join(d, f"file_{i:04d}.{exts[i % len(exts)]}"), "w") as f:
        f.write("".join(out)[:size])
PY
mkdir -p "$src/weights"
lfs_paths=()
for i in $(seq "$LFS_FILES"); do
  p=weights/model-0000$i-of-0000$LFS_FILES.safetensors
  head -c $((LFS_MIB * 1024 * 1024)) /dev/urandom >"$src/$p"
  lfs_paths+=("$p")
done
grep -q '^\*\.safetensors filter=lfs' "$src/.gitattributes" || die "the Hub's .gitattributes does not route *.safetensors to LFS"
git -C "$src" add -A
git -C "$src" commit -qm "bench content: $SMALL_FILES small files, $LFS_FILES LFS files"
git -C "$src" push -q origin main 2>"$WORK/push.err" || die "push failed: $(cat "$WORK/push.err")"
head_oid=$(git -C "$src" rev-parse HEAD)
[[ $(git -C "$src" lfs ls-files | wc -l) -eq $LFS_FILES ]] || die "LFS files not tracked"

# ---------- the peer: a bare mirror of the same commits, git http-backend via fcgiwrap ----------
peer_root=$WORK/peer
git clone -q --mirror "$HUB_URL/admin/clone" "$peer_root/admin/clone.git"
# Kept as a git server keeps its repos (one pack, bitmap index: git gc on a bare repo).
git -C "$peer_root/admin/clone.git" gc -q
fcgi_sock=$WORK/fcgiwrap.sock
# One fcgiwrap process (no -c: without prefork it serves every request itself and exits on
# TERM); a clone's requests come one after the other, each runs git-http-backend.
fcgiwrap -s "unix:$fcgi_sock" &
PIDS+=("$!")
for _ in $(seq 1 100); do [[ -S $fcgi_sock ]] && break; sleep 0.05; done
[[ -S $fcgi_sock ]] || die "fcgiwrap did not start"
# One nginx for both: /git/... to git-http-backend, everything else to modelhub. No response
# buffering on either side (a pack streams through, nothing spills to temp files); the upstream
# connection is HTTP/1.1 with the client's Host, so modelhub's LFS hrefs point back at nginx.
# shellcheck disable=SC2016 # nginx variables, not shell ones
start_nginx_server '
    client_max_body_size 0;
    location ~ ^/git(/.*)$ {
      fastcgi_pass unix:'"$fcgi_sock"';
      fastcgi_buffering off;
      fastcgi_param SCRIPT_FILENAME '"$HTTP_BACKEND"';
      fastcgi_param PATH_INFO $1;
      fastcgi_param GIT_PROJECT_ROOT '"$peer_root"';
      fastcgi_param GIT_HTTP_EXPORT_ALL "";
      fastcgi_param QUERY_STRING $query_string;
      fastcgi_param REQUEST_METHOD $request_method;
      fastcgi_param CONTENT_TYPE $content_type;
      fastcgi_param CONTENT_LENGTH $content_length;
      fastcgi_param REMOTE_ADDR $remote_addr;
      fastcgi_param SERVER_PROTOCOL $server_protocol;
    }
    location / {
      proxy_pass '"$HUB_URL"';
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_buffering off;
      proxy_read_timeout 600s;
    }'
hub_url=$NGINX_URL/admin/clone
peer_url=$NGINX_URL/git/admin/clone.git

# Both advertise the same refs, and each speaks the protocol asked for.
[[ $(git ls-remote "$hub_url") == "$(git ls-remote "$peer_url")" ]] ||
  die "refs differ: $(git ls-remote "$hub_url") / $(git ls-remote "$peer_url")"
for u in "$hub_url" "$peer_url"; do
  GIT_TRACE_PACKET=$WORK/trace git -c protocol.version=2 ls-remote "$u" >/dev/null
  grep -q '< version 2' "$WORK/trace" || die "$u did not answer in protocol v2"
  rm -f "$WORK/trace"
done

# ---------- timed cases ----------
# Clones go to tmpfs (CLONE_TMP, default /dev/shm, else $WORK): the checkout of 1,000 files is
# the same client work for both servers, and on the shared machine's disk it was the noisiest
# part of a run (0.9-2.7 s for the same clone), drowning the servers' difference.
clone_tmp=${CLONE_TMP:-/dev/shm}
[[ -d $clone_tmp && -w $clone_tmp ]] || clone_tmp=$WORK
clone_root=$(mktemp -d "$clone_tmp/modelhub-bench-clones.XXXXXX")
trap 'rm -rf "$clone_root"; cleanup' EXIT
# timed_clone SKIP_SMUDGE PROTOCOL URL [git clone options...]: one clone into a fresh directory
# (after sync, so pending writeback, ours or other jobs', is not paid inside the timed window);
# prints seconds.
# Run in $(...), so every caller assigns the result: a failure then stops the script.
timed_clone() {
  local skip=$1 proto=$2 url=$3 dir t0 t
  shift 3
  dir=$(mktemp -d "$clone_root/clone.XXXXXX")
  sync
  t0=$(now)
  GIT_LFS_SKIP_SMUDGE=$skip git -c protocol.version="$proto" clone -q "$@" "$url" "$dir" ||
    die "clone of $url failed"
  t=$(elapsed "$t0" "$(now)")
  [[ $(git -C "$dir" rev-parse HEAD) == "$head_oid" ]] || die "clone of $url has the wrong HEAD"
  if [[ $skip == 0 ]]; then
    local p
    for p in "${lfs_paths[@]}"; do cmp -s "$src/$p" "$dir/$p" || die "$p not smudged"; done
  fi
  rm -rf "$dir"
  echo "$t"
}
# The 3 LFS files through the same nginx from modelhub's resolve URLs, in parallel as git-lfs
# fetches them, written to files; prints seconds.
timed_curl_lfs() {
  local dir=$clone_root/lfs t0 t p args=()
  mkdir -p "$dir"
  for p in "${lfs_paths[@]}"; do args+=(-o "$dir/${p##*/}" "$hub_url/resolve/main/$p"); done
  sync
  t0=$(now)
  # (--parallel draws its progress meter even with -s.)
  curl -sfL --no-progress-meter --parallel --parallel-max 8 "${args[@]}" ||
    die "curl of the LFS files failed"
  t=$(elapsed "$t0" "$(now)")
  for p in "${lfs_paths[@]}"; do cmp -s "$src/$p" "$dir/${p##*/}" || die "curl got a wrong $p"; done
  rm -rf "$dir"
  echo "$t"
}
# The server alone: one protocol v2 fetch (want HEAD, done) POSTed by curl, the packfile response
# read to the end; prints "time-to-first-byte total bytes".
pkt() { printf '%04x%s' $((${#1} + 4)) "$1"; }
fetch_body=$WORK/fetch.req
{
  pkt $'command=fetch\n'
  pkt $'object-format=sha1\n'
  printf 0001
  pkt $'thin-pack\n'
  pkt $'no-progress\n'
  pkt $'ofs-delta\n'
  pkt "want $head_oid"$'\n'
  pkt $'done\n'
  printf 0000
} >"$fetch_body"
timed_fetch() {
  curl -sf -o /dev/null -w '%{time_starttransfer} %{time_total} %{size_download}\n' \
    -H 'Git-Protocol: version=2' -H 'Content-Type: application/x-git-upload-pack-request' \
    -H 'Accept: application/x-git-upload-pack-result' --data-binary "@$fetch_body" \
    "$1/git-upload-pack" || die "fetch POST to $1 failed"
}

declare -A t=()
add() { t[$1]+="$2 "; }
# The first fetch of the run, before anything is warm: modelhub builds the pack (afterwards its
# clone-pack cache answers: objects never change, so a cached pack is never stale).
for s in hub peer; do
  if [[ $s == hub ]]; then u=$hub_url; else u=$peer_url; fi
  read -r ttfb total bytes <<<"$(timed_fetch "$u")"
  add "cold.$s" "$total"
done
# Warm-up (page cache, first-request costs) of every path, untimed.
for u in "$hub_url" "$peer_url"; do v=$(timed_clone 1 2 "$u"); done
v=$(timed_curl_lfs)
for i in $(seq "$RUNS"); do
  # Who goes first alternates from one round to the next.
  if ((i % 2)); then order=(hub peer); else order=(peer hub); fi
  for s in "${order[@]}"; do
    if [[ $s == hub ]]; then u=$hub_url; else u=$peer_url; fi
    v=$(timed_clone 1 2 "$u")
    add "v2.$s" "$v"
    v=$(timed_clone 1 0 "$u")
    add "v0.$s" "$v"
    v=$(timed_clone 1 2 "$u" --bare)
    add "bare.$s" "$v"
    v=$(timed_fetch "$u")
    read -r ttfb total bytes <<<"$v"
    add "ttfb.$s" "$ttfb"
    add "post.$s" "$total"
    add "bytes.$s" "$bytes"
  done
  full=$(timed_clone 0 2 "$hub_url")
  lfs=$(timed_curl_lfs)
  add full.hub "$full"
  add lfs.curl "$lfs"
  # The same round's skip-smudge clones: what LFS added to modelhub's clone, and what
  # http-backend + curl take for the same files.
  read -r -a hub_v2 <<<"${t[v2.hub]}"
  read -r -a peer_v2 <<<"${t[v2.peer]}"
  add full.peer "$(awk -v a="${peer_v2[-1]}" -v b="$lfs" 'BEGIN {printf "%.3f", a + b}')"
  add lfs.hub "$(awk -v a="$full" -v b="${hub_v2[-1]}" 'BEGIN {printf "%.3f", a - b}')"
done

med() {
  local -a v
  read -r -a v <<<"${t[$1]}"
  printf '%s\n' "${v[@]}" | median
}
sec() { awk -v v="$1" 'BEGIN {printf "%.3f s", v}'; }
ms() { awk -v v="$1" 'BEGIN {printf "%.0f ms", v * 1000}'; }
row() { # label hub-key peer-key format peer-label
  local h p
  h=$(med "$1.$2") p=$(med "$1.$3")
  printf '| %s | %s | %s | %s | %s |\n' "$4" "$($5 "$h")" "$($5 "$p")" "$(ratio "$h" "$p")" "$6"
}
target=$(ratio "$(med v2.hub)" "$(med v2.peer)")
verdict=$(awk -v r="$target" 'BEGIN {print (r <= 1.5) ? "met" : "NOT met"}')
mib=$(awk -v b="$(med bytes.hub)" 'BEGIN {printf "%.2f", b / 1048576}')
peer_mib=$(awk -v b="$(med bytes.peer)" 'BEGIN {printf "%.2f", b / 1048576}')
report git_clone <<EOT
(e) git clone of $SMALL_FILES small files + $LFS_FILES × $LFS_MIB MiB LFS files, commit ${head_oid:0:12};
    peer: git $(git --version | cut -d' ' -f3) http-backend (fcgiwrap), both behind one nginx; median of $RUNS alternating runs
| case | modelhub | peer | ratio | peer is |
|---|---:|---:|---:|---|
$(row v2 hub peer "**clone, protocol v2, GIT_LFS_SKIP_SMUDGE=1 (target)**" sec "git http-backend")
$(row v0 hub peer "clone, protocol v0, GIT_LFS_SKIP_SMUDGE=1" sec "git http-backend")
$(row bare hub peer "clone --bare, v2 (transfer only, no checkout)" sec "git http-backend")
$(row ttfb hub peer "server alone: v2 fetch POST, time to first byte" ms "git http-backend")
$(row post hub peer "server alone: v2 fetch POST, whole response" ms "git http-backend")
$(row cold hub peer "server alone: the run's first fetch POST (modelhub builds the pack; one sample)" ms "git http-backend")
$(row full hub peer "clone, v2, LFS smudged ($LFS_FILES × $LFS_MIB MiB)" sec "http-backend clone (skip smudge) + curl of the LFS files")
$(row lfs hub curl "LFS part alone (smudged − skip-smudge clone)" sec "curl --parallel of the 3 resolve URLs")
fetch response: modelhub $mib MiB, git http-backend $peer_mib MiB
runs (s): v2 modelhub ${t[v2.hub]}/ peer ${t[v2.peer]}
ratio (v2, skip smudge) = $target (target <= 1.5: $verdict)
EOT
