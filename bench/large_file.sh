#!/usr/bin/env bash
# (a) GET of a 1 GiB LFS file through `resolve` vs nginx serving the same file with sendfile.
# Throughput from curl's %{speed_download}; RUNS alternating runs each after one warm-up; median.
# Target: modelhub/nginx >= 0.9.
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-7}

big_file
start_modelhub
create_repo big
lfs_commit big model.safetensors "$BIG_FILE" "$BIG_OID"

# nginx serves the very blob modelhub stores (same inode, same page cache), else the source file.
blob=$(find "$HUB_DATA/data" -type f -name "*$BIG_OID*" | head -1)
www=$WORK/www
mkdir -p "$www"
ln -s "${blob:-$BIG_FILE}" "$www/model.safetensors"
start_nginx "$www"

hub_url="$HUB_URL/admin/big/resolve/main/model.safetensors"
nginx_url="$NGINX_URL/model.safetensors"
speed() { curl -sfL -o /dev/null -w '%{speed_download}\n' "$1"; }
size=$(curl -sfL -o /dev/null -w '%{size_download}' "$hub_url")
[[ $size -eq $(stat -c %s "$BIG_FILE") ]] || die "resolve returned $size bytes"
speed "$nginx_url" >/dev/null
hub=() ngx=()
for _ in $(seq "$RUNS"); do
  hub+=("$(speed "$hub_url")")
  ngx+=("$(speed "$nginx_url")")
done
hub_med=$(printf '%s\n' "${hub[@]}" | median)
ngx_med=$(printf '%s\n' "${ngx[@]}" | median)
mib() { awk -v b="$1" 'BEGIN {printf "%.0f", b / 1048576}'; }
r=$(ratio "$hub_med" "$ngx_med")
verdict=$(awk -v r="$r" 'BEGIN {print (r >= 0.9) ? "PASS" : "FAIL"}')
report large_file <<EOT
(a) GET 1 GiB LFS file, median of $RUNS runs (MiB/s)
| server                     | median MiB/s | runs (MiB/s) |
|----------------------------|-------------:|--------------|
| modelhub /resolve          | $(mib "$hub_med") | $(for v in "${hub[@]}"; do printf '%s ' "$(mib "$v")"; done)|
| nginx static (sendfile)    | $(mib "$ngx_med") | $(for v in "${ngx[@]}"; do printf '%s ' "$(mib "$v")"; done)|
ratio modelhub/nginx = $r (target >= 0.9: $verdict)
EOT
