#!/usr/bin/env bash
# (d) The catalogue at scale: `modelhub admin generate-catalogue` builds N synthetic Hub-shaped
# models (+ datasets and spaces), then `modelhub serve` on that data dir answers a mix of
# representative /api/models listings, each timed with wrk (-c8 -t2, --latency), next to nginx
# serving a tiny static file in the same run. Reports generation time, database/index size, server
# peak RSS (VmHWM), and p50/p99/requests/s per query against the targets (p99 <= 20 ms,
# requests/s >= 0.3x nginx, RSS <= 2 GiB).
#
# N (models, default 1000000), DATASETS and SPACES (default N/20 each), SEED (1), DURATION (5s),
# CATALOGUE_DIR (default bench/out/catalogue-N-SEED; reused when complete, so a re-run only
# measures; one built with other counts is kept unless FORCE=1), MODELHUB_BIN.
source "$(dirname "$0")/lib.sh"
N=${N:-1000000}
DATASETS=${DATASETS:-$((N / 20))}
SPACES=${SPACES:-$((N / 20))}
SEED=${SEED:-1}
DURATION=${DURATION:-5s}
CATALOGUE_DIR=${CATALOGUE_DIR:-$OUT_DIR/catalogue-$N-$SEED}
[[ -x $MODELHUB_BIN ]] || die "no modelhub binary at $MODELHUB_BIN (build first or set MODELHUB_BIN)"

stamp="$N models, $DATASETS datasets, $SPACES spaces, seed $SEED"
if [[ -f $CATALOGUE_DIR/.complete && $(head -1 "$CATALOGUE_DIR/.complete") == "$stamp" ]]; then
  gen_line=$(sed -n 2p "$CATALOGUE_DIR/.complete")
  echo "bench: reusing $CATALOGUE_DIR ($stamp)" >&2
else
  # A finished catalogue of other counts took up to an hour to build: never delete it silently.
  if [[ -f $CATALOGUE_DIR/.complete && ${FORCE:-0} != 1 ]]; then
    die "$CATALOGUE_DIR holds another catalogue ($(head -1 "$CATALOGUE_DIR/.complete")); pass the same N/DATASETS/SPACES/SEED, another CATALOGUE_DIR, or FORCE=1 to regenerate"
  fi
  rm -rf "$CATALOGUE_DIR"
  mkdir -p "$CATALOGUE_DIR"
  t0=$(now)
  /usr/bin/time -f '%M' -o "$WORK/gen_rss" "$MODELHUB_BIN" admin generate-catalogue \
    --data "$CATALOGUE_DIR" --models "$N" --datasets "$DATASETS" --spaces "$SPACES" --seed "$SEED" \
    2> >(tee "$WORK/gen.log" >&2)
  t1=$(now)
  secs=$(elapsed "$t0" "$t1")
  gen_line="generation: $((N + DATASETS + SPACES)) repos in ${secs} s ($(awk -v n=$((N + DATASETS + SPACES)) -v s="$secs" 'BEGIN {printf "%.0f", n / s}') repos/s), generator peak RSS $(($(cat "$WORK/gen_rss") / 1024)) MiB"
  printf '%s\n%s\n' "$stamp" "$gen_line" >"$CATALOGUE_DIR/.complete"
fi

db=$CATALOGUE_DIR/modelhub.db
# Fold the WAL into the database so that sizes are final and the server starts clean.
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
db_mib=$(( $(stat -c %s "$db") / 1048576 ))
sizes=$(sqlite3 "$db" "SELECT name, SUM(pgsize) / 1048576 FROM dbstat GROUP BY name ORDER BY 2 DESC" |
  awk -F'|' '{printf "%s%s %s MiB", sep, $1, $2; sep=", "}')
index_mib=$(sqlite3 "$db" "SELECT SUM(pgsize) / 1048576 FROM dbstat WHERE name LIKE 'catalog%'")

# Two servers on the catalogue: the default one, whose listing cache (server/api/listing_cache.h)
# answers a repeated query from memory until the next commit, and a twin started with
# --listing-cache-mib 0, so that every one of its requests runs the query and renders the page.
# wrk repeats one URL, so the first measures the cache and the second the query engine; both are
# reported. A server is restarted after a query that runs past the probe's time limit (the
# abandoned query would keep a worker thread busy and skew every later figure).
PEAK_RSS_KIB=0
# start_hub VAR EXTRA_ARGS...: starts a server, sets VAR_PID and VAR_URL.
start_hub() {
  local var=$1 port pid url
  shift
  port=$(free_port)
  # Rate limits off: wrk sends far more than one anonymous address's budget per window.
  "$MODELHUB_BIN" serve --data "$CATALOGUE_DIR" --listen "127.0.0.1:$port" --admin-token "$token" \
    --rate-limit-api 0 --rate-limit-resolvers 0 "$@" >>"$WORK/serve.out" 2>>"$WORK/serve.err" &
  pid=$!
  PIDS+=("$pid")
  url=http://127.0.0.1:$port
  printf -v "${var}_PID" '%s' "$pid"
  printf -v "${var}_URL" '%s' "$url"
  for _ in $(seq 1 6000); do
    curl -sf -o /dev/null --max-time 5 "$url/api/models?limit=1" && return 0
    kill -0 "$pid" 2>/dev/null || die "modelhub exited: $(cat "$WORK/serve.err")"
    sleep 0.1
  done
  die "modelhub did not start"
}
note_rss() {
  local kib pid
  for pid in "$HUB_PID" "$UNCACHED_PID"; do
    kib=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    ((kib > PEAK_RSS_KIB)) && PEAK_RSS_KIB=$kib
  done
  return 0
}
# restart_hub HUB|UNCACHED
restart_hub() {
  local pid_var=${1}_PID
  note_rss
  kill -9 "${!pid_var}" 2>/dev/null || true
  wait "${!pid_var}" 2>/dev/null || true
  RESTARTS=$((RESTARTS + 1))
  if [[ $1 == HUB ]]; then start_hub HUB; else start_hub UNCACHED --listing-cache-mib 0; fi
}
RESTARTS=0
token=hf_bench$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
# The first start applies pending migrations (minutes on an older catalogue): timed.
t0=$(now)
start_hub HUB
start_secs=$(elapsed "$t0" "$(now)")
start_hub UNCACHED --listing-cache-mib 0

www=$WORK/www
mkdir -p "$www"
echo '{"id":"tiny","downloads":0}' >"$www/tiny.json"
start_nginx "$www"

# The cursor of page 50 of the most-downloaded listing (30 per page), followed through Link.
cursor_url="$HUB_URL/api/models?sort=downloads&limit=30"
for _ in $(seq 1 49); do
  next=$(curl -sf --max-time 30 -D - -o /dev/null "$cursor_url" | sed -n 's/^[Ll]ink: <\([^>]*\)>; rel="next".*/\1/p' | tr -d '\r')
  [[ -n $next ]] || die "no next page after $cursor_url"
  case $next in http*) cursor_url=$next ;; *) cursor_url=$HUB_URL$next ;; esac
done

QUERIES=(
  "no filter, sort=downloads|sort=downloads&limit=30"
  "no filter, sort=downloads, limit 100|sort=downloads&limit=100"
  "no filter, default sort (createdAt)|limit=30"
  "sort=likes|sort=likes&limit=30"
  "sort=trendingScore|sort=trendingScore&limit=30"
  "page 51 via cursor (sort=downloads)|${cursor_url#*\?}"
  "full=true, sort=downloads|full=true&sort=downloads&limit=30"
  "cardData=true, sort=downloads|cardData=true&sort=downloads&limit=30"
  "pipeline_tag=text-generation, sort=downloads|pipeline_tag=text-generation&sort=downloads&limit=30"
  "filter=gguf, sort=downloads|filter=gguf&sort=downloads&limit=30"
  "filter=peft (adapters), sort=likes|filter=peft&sort=likes&limit=30"
  "search=llama, sort=downloads|search=llama&sort=downloads&limit=30"
  "search=qwen2.5-7b-instruct (rare)|search=qwen2.5-7b-instruct&limit=30"
  "author=TheBloke, sort=downloads|author=TheBloke&sort=downloads&limit=30"
  "author=google|author=google&limit=30"
  "text-generation + license:apache-2.0 + en, sort=likes|pipeline_tag=text-generation&filter=license:apache-2.0&filter=en&sort=likes&limit=30"
  "text-classification + license:mit + language:en|pipeline_tag=text-classification&filter=license:mit&filter=language:en&sort=downloads&limit=30"
  "license_class=permissive + commercial + text-generation|license_class=permissive&commercial=true&pipeline_tag=text-generation&sort=downloads&limit=30"
  "params 6B..9B + text-generation|params_min=6B&params_max=9B&pipeline_tag=text-generation&sort=downloads&limit=30"
  "text-classification + en + params<=100M + commercial|pipeline_tag=text-classification&filter=en&params_max=100M&commercial=true&sort=downloads&limit=30"
  "eval=mmlu:acc>=0.6@5, sort=downloads|eval=mmlu%3Aacc%3E%3D0.6%405&sort=downloads&limit=30"
  "has_evals=true + text-classification|has_evals=true&pipeline_tag=text-classification&sort=downloads&limit=30"
  "sort=lastModified|sort=lastModified&limit=30"
  "sort=num_parameters|sort=num_parameters&limit=30"
  "datasets, sort=downloads|@datasets?sort=downloads&limit=30"
  "spaces, sort=likes|@spaces?sort=likes&limit=30"
  "descendants_of=meta-llama/Llama-3.1-8B|descendants_of=meta-llama/Llama-3.1-8B&sort=downloads&limit=30"
  "descendants_of Llama-3.1-8B, relation=quantized|descendants_of=meta-llama/Llama-3.1-8B&relation=quantized&sort=downloads&limit=30"
)

# "<requests/s> <p50 ms> <p99 ms> <errors>" of one wrk run.
ms() { awk -v v="$1" 'BEGIN {if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; printf "%.2f", v}'; }
run_wrk() {
  local out
  out=$(wrk -c8 -t2 -d"$DURATION" --timeout 2s --latency "$1")
  echo "== $1" >>"$WORK/wrk.log"
  echo "$out" >>"$WORK/wrk.log"
  local rps p50 p99 bad
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$out")
  p50=$(ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
  p99=$(ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
  bad=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
  echo "$rps $p50 $p99 ${bad:-none}"
}

nginx_url=$NGINX_URL/tiny.json
wrk -c8 -t2 -d2s "$nginx_url" >/dev/null
read -r ngx_rps ngx_p50 ngx_p99 _ < <(run_wrk "$nginx_url")
floor_rps=$(awk -v r="$ngx_rps" 'BEGIN {printf "%.0f", 0.3 * r}')

# measure LABEL URL: "<status> <hits> <bytes> <rps> <p50> <p99> <ok> <restart>" for one server's URL.
# One request first: its status, size and time. Slower than a second, wrk is skipped (8
# connections would queue minutes of work); past PROBE_LIMIT the server must be restarted.
measure() {
  local url=$1 probe code secs hits bytes rps p50 p99 bad single
  probe=$(curl -s --max-time "$PROBE_LIMIT" -o "$WORK/body.json" -w '%{http_code} %{time_total}' "$url" || true)
  code=${probe%% *}
  secs=${probe#* }
  if [[ $code == 000 ]]; then
    echo "timeout - - - $((PROBE_LIMIT * 1000)) $((PROBE_LIMIT * 1000)) no restart"
    return
  fi
  hits=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$WORK/body.json" 2>/dev/null || echo "?")
  bytes=$(stat -c %s "$WORK/body.json")
  if awk -v s="$secs" 'BEGIN {exit !(s > 1.0)}'; then
    single=$(awk -v s="$secs" 'BEGIN {printf "%.0f", s * 1000}')
    echo "$code $hits $bytes $(awk -v s="$secs" 'BEGIN {printf "%.2f", 1 / s}') $single $single no keep"
    return
  fi
  wrk -c8 -t2 -d1s --timeout 2s "$url" >/dev/null
  read -r rps p50 p99 bad < <(run_wrk "$url")
  local ok=no restart=keep
  if awk -v p="$p99" -v r="$rps" -v f="$floor_rps" 'BEGIN {exit !(p <= 20 && r >= f)}' && [[ $code == 200 && $bad == none ]]; then
    ok=yes
  fi
  # A query whose wrk run timed out (or finished nothing) leaves requests running: start clean.
  if [[ $bad != none || $rps -lt 1 ]]; then restart=restart; fi
  echo "$code $hits $bytes $rps $p50 $p99 $ok $restart"
}

rows=""
met=0 met_uncached=0 total=0
PROBE_LIMIT=${PROBE_LIMIT:-60}
for entry in "${QUERIES[@]}"; do
  label=${entry%%|*}
  query=${entry#*|}
  if [[ $query == @* ]]; then path="/api/${query#@}"; else path="/api/models?$query"; fi
  total=$((total + 1))
  read -r code hits bytes rps p50 p99 ok restart < <(measure "$HUB_URL$path")
  [[ $restart == restart ]] && restart_hub HUB
  read -r _ _ _ nc_rps nc_p50 nc_p99 nc_ok nc_restart < <(measure "$UNCACHED_URL$path")
  [[ $nc_restart == restart ]] && restart_hub UNCACHED
  [[ $ok == yes ]] && met=$((met + 1))
  [[ $nc_ok == yes ]] && met_uncached=$((met_uncached + 1))
  rows+="| $label | $code | $hits | $bytes | $rps | $p50 | $p99 | $ok | $nc_rps | $nc_p50 | $nc_p99 | $nc_ok |"$'\n'
done
note_rss
rss_mib=$((PEAK_RSS_KIB / 1024))
read -r ngx_rps2 _ ngx_p99_2 _ < <(run_wrk "$nginx_url")

report catalogue <<EOT
(d) catalogue: $stamp; $gen_line
database $db_mib MiB ($sizes); catalogue index tables (catalog_*) $index_mib MiB
first server start (applies pending migrations, refreshes stale planner statistics): ${start_secs} s
modelhub serve peak RSS (VmHWM, highest of both servers over $((RESTARTS + 2)) start(s)): $rss_mib MiB (target <= 2048)
nginx tiny static file, wrk -c8 -t2 -d$DURATION: $ngx_rps requests/s (p50 $ngx_p50 ms, p99 $ngx_p99 ms) before, $ngx_rps2 requests/s (p99 $ngx_p99_2 ms) after; 0.3x = $floor_rps requests/s
queries meeting both targets (p99 <= 20 ms and requests/s >= $floor_rps): $met of $total with the listing cache (default), $met_uncached of $total with --listing-cache-mib 0

| query | status | hits | bytes | requests/s | p50 (ms) | p99 (ms) | met | uncached requests/s | p50 (ms) | p99 (ms) | met |
|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---|
$rows
EOT
