#!/usr/bin/env bash
# Runs every benchmark of bench/ (not the tests): (a) large_file.sh, (b) small_file.sh,
# (c) lfs_upload.sh, (d) client_download.sh, (e) git_clone.sh, then bench/card's card_bench when
# it is built (SKIP_CARD=1 skips it).
# Figures go to bench/out/ (git-ignored) and bench/out/summary.txt. Needs a release build
# (make build) plus nginx-light, wrk, curl, git, git-lfs and fcgiwrap.
set -euo pipefail
cd "$(dirname "$0")"
export BENCH_CACHE=${BENCH_CACHE:-$(mktemp -d "${TMPDIR:-/tmp}/modelhub-bench-cache.XXXXXX")}
trap 'rm -rf "$BENCH_CACHE"' EXIT
mkdir -p out
status=0
for b in large_file small_file lfs_upload client_download git_clone; do
  echo "== $b"
  ./$b.sh || status=1
done
# The card benchmark (bench/card/, see README "card") when it was built with the release tree.
card_bench=${CARD_BENCH:-../build/release/bench/card/card_bench}
if [[ -x $card_bench && -z ${SKIP_CARD:-} ]]; then
  echo "== card"
  "$card_bench" | tee out/card.txt || status=1
fi
cat out/large_file.txt out/small_file.txt out/lfs_upload.txt out/client_download.txt \
  out/git_clone.txt 2>/dev/null \
  > out/summary.txt || true
exit $status
