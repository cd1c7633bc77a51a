#!/usr/bin/env bash
# Installs what building, serving and testing modelhub needs on Debian 12, idempotently:
# apt packages (only those missing, one apt-get call) and the npm packages of tests/clients.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config clang clang-format libclang-rt-14-dev
  libboost-dev libgit2-dev libsqlite3-dev libssl-dev libcurl4-openssl-dev nlohmann-json3-dev
  libyaml-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libcli11-dev libgtest-dev libgmock-dev
  libbenchmark-dev zlib1g-dev
  git git-lfs curl nginx-light wrk python3 python3-yaml nodejs npm sqlite3
  # bench/git_clone.sh: its peer is git-http-backend, run by fcgiwrap behind nginx.
  fcgiwrap
)
missing=()
for p in "${packages[@]}"; do
  # nodejs may come from another repository with its own npm bundled in; accept any node >= 18.
  if [[ $p == npm || $p == nodejs ]] && command -v node >/dev/null && command -v npm >/dev/null; then
    continue
  fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [[ -f tests/clients/package-lock.json ]]; then
  lock_hash=$(sha256sum tests/clients/package-lock.json | cut -c1-64)
  if [[ ! -f tests/clients/node_modules/.modelhub-lock-hash ]] ||
     [[ $(cat tests/clients/node_modules/.modelhub-lock-hash) != "$lock_hash" ]]; then
    echo "setup: installing npm packages for tests/clients"
    (cd tests/clients && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    echo "$lock_hash" > tests/clients/node_modules/.modelhub-lock-hash
  fi
fi
