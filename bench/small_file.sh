#!/usr/bin/env bash
# (b) 64 keep-alive connections fetching config.json: modelhub `resolve` vs nginx serving the same
# bytes statically. wrk -c64 -t2 -d10s --latency, ROUNDS alternating rounds (median), so that load
# changes on the machine hit both servers alike; requests/s ratio and p99 of both.
source "$(dirname "$0")/lib.sh"
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}

start_modelhub
create_repo small
config=$WORK/config.json
python3 - "$config" <<'PY'
import json, sys
cfg = {"architectures": ["BertForMaskedLM"], "model_type": "bert", "hidden_size": 768,
       "num_attention_heads": 12, "num_hidden_layers": 12, "intermediate_size": 3072,
       "vocab_size": 30522, "max_position_embeddings": 512, "torch_dtype": "float32"}
open(sys.argv[1], "w").write(json.dumps(cfg, indent=2) + "\n")
PY
commit_file small config.json "$config"
www=$WORK/www
mkdir -p "$www"
cp "$config" "$www/config.json"
start_nginx "$www"

hub_url="$HUB_URL/admin/small/resolve/main/config.json"
nginx_url="$NGINX_URL/config.json"
cmp -s <(curl -sf "$hub_url") "$config" || die "resolve did not return config.json"

# Prints "<requests/s> <p99 ms> <non-2xx or errors>" for one wrk run.
run_wrk() {
  local out
  out=$(wrk -c64 -t2 -d"$DURATION" --latency "$1")
  echo "$out" >>"$WORK/wrk.log"
  local rps p99 bad
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; printf "%.3f", v}' <<<"$out")
  bad=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
  echo "$rps $p99 ${bad:-none}"
}
wrk -c64 -t2 -d2s "$hub_url" >/dev/null
wrk -c64 -t2 -d2s "$nginx_url" >/dev/null
hub_rps_all=() hub_p99_all=() ngx_rps_all=() ngx_p99_all=() hub_bad="" ngx_bad=""
for _ in $(seq "$ROUNDS"); do
  read -r rps p99 bad < <(run_wrk "$hub_url")
  hub_rps_all+=("$rps") hub_p99_all+=("$p99")
  [[ $bad == none ]] || hub_bad+="$bad "
  read -r rps p99 bad < <(run_wrk "$nginx_url")
  ngx_rps_all+=("$rps") ngx_p99_all+=("$p99")
  [[ $bad == none ]] || ngx_bad+="$bad "
done
hub_rps=$(printf '%s\n' "${hub_rps_all[@]}" | median)
hub_p99=$(printf '%s\n' "${hub_p99_all[@]}" | median)
ngx_rps=$(printf '%s\n' "${ngx_rps_all[@]}" | median)
ngx_p99=$(printf '%s\n' "${ngx_p99_all[@]}" | median)
report small_file <<EOT
(b) config.json ($(stat -c %s "$config") bytes), wrk -c64 -t2 -d$DURATION --latency, median of $ROUNDS alternating rounds
| server                  | requests/s | p99 (ms) | rounds: requests/s | rounds: p99 (ms) | errors |
|-------------------------|-----------:|---------:|--------------------|------------------|--------|
| modelhub /resolve       | $hub_rps | $hub_p99 | ${hub_rps_all[*]} | ${hub_p99_all[*]} | ${hub_bad:-none} |
| nginx static            | $ngx_rps | $ngx_p99 | ${ngx_rps_all[*]} | ${ngx_p99_all[*]} | ${ngx_bad:-none} |
requests/s ratio modelhub/nginx = $(ratio "$hub_rps" "$ngx_rps"); p99 ratio modelhub/nginx = $(ratio "$hub_p99" "$ngx_p99")
EOT
