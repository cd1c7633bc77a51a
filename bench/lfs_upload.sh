#!/usr/bin/env bash
# (c) LFS upload of a 1 GiB file (batch + PUT to the signed href with curl -T) vs `sha256sum` of the
# same file (page cache warm for both). Each upload goes to a fresh server and data dir, so the
# object is never already stored. RUNS runs each, median. Target: upload/sha256sum <= 1.3.
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-3}

big_file
size=$(stat -c %s "$BIG_FILE")
cat "$BIG_FILE" >/dev/null
hash_times=() upload_times=() openssl_times=()
for _ in $(seq "$RUNS"); do
  t0=$(now)
  sha256sum "$BIG_FILE" >/dev/null
  hash_times+=("$(elapsed "$t0" "$(now)")")
  # For reference only: OpenSSL's SHA-256 (what modelhub hashes with) on the same file.
  t0=$(now)
  openssl dgst -sha256 "$BIG_FILE" >/dev/null
  openssl_times+=("$(elapsed "$t0" "$(now)")")

  start_modelhub
  create_repo up
  sync
  t0=$(now)
  href=$(lfs_batch_href up "$BIG_OID" "$size")
  [[ -n $href ]] || die "batch did not ask for an upload"
  curl -sf -o /dev/null -H 'Expect:' -T "$BIG_FILE" "$href" || die "PUT failed"
  upload_times+=("$(elapsed "$t0" "$(now)")")
  # The upload must have produced the object (batch now reports it present).
  [[ -z $(lfs_batch_href up "$BIG_OID" "$size") ]] || die "object not stored after PUT"
  stop_modelhub
done
hash_med=$(printf '%s\n' "${hash_times[@]}" | median)
up_med=$(printf '%s\n' "${upload_times[@]}" | median)
ossl_med=$(printf '%s\n' "${openssl_times[@]}" | median)
r=$(ratio "$up_med" "$hash_med")
verdict=$(awk -v r="$r" 'BEGIN {print (r <= 1.3) ? "PASS" : "FAIL"}')
report lfs_upload <<EOT
(c) 1 GiB LFS upload vs sha256sum, median of $RUNS runs (seconds)
| step                              | median s | runs (s) |
|-----------------------------------|---------:|----------|
| modelhub batch + PUT (curl -T)    | $up_med | ${upload_times[*]} |
| sha256sum                         | $hash_med | ${hash_times[*]} |
| openssl dgst -sha256 (reference)  | $ossl_med | ${openssl_times[*]} |
ratio upload/sha256sum = $r (target <= 1.3: $verdict); upload/openssl = $(ratio "$up_med" "$ossl_med")
EOT
