#!/usr/bin/env bash
# Prepares a real VS Code for the integration and e2e tests, offline (npm registry + Debian apt only):
#   - Debian packages: chromium (the browser playwright-core drives), ripgrep (fed to code-server's
#     @vscode/ripgrep instead of its GitHub download), libkrb5-dev + a C++ toolchain (native modules);
#   - code-server 4.100.3 (= VS Code 1.100.3, the newest that runs on Node 20) into the git-ignored
#     folder .vscode-test/code-server/, NOT into the project's dependencies;
#   - playwright-core (a devDependency of the project; it downloads no browser).
# Idempotent: each step is skipped when already done (a marker records the code-server and Node versions).
#
# env: LRLENS_CODE_SERVER_DIR  install folder (default <repo>/.vscode-test/code-server)
#      LRLENS_FORCE_SETUP=1    reinstall code-server even if the marker says it is there
set -euo pipefail

CS_VERSION=4.100.3
RG_PKG_VERSION=1.15.11          # @vscode/ripgrep pinned by code-server 4.100.3's npm-shrinkwrap.json
RG_BIN_VERSION=v13.0.0-10       # the ripgrep release that @vscode/ripgrep 1.15.11 downloads
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEST=${LRLENS_CODE_SERVER_DIR:-$ROOT/.vscode-test/code-server}
MARKER=$DEST/.lrlens-installed
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
WANT_MARKER="code-server=$CS_VERSION node=$NODE_MAJOR arch=$(uname -m)"
T0=$(date +%s)

log() { echo "[setup:vscode] $*"; }
die() { echo "[setup:vscode] ERROR: $*" >&2; exit 1; }

# ---------------------------------------------------------------- 1. Debian packages
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if ((${#missing[@]})); then
  SUDO=
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "need root or sudo to install: ${missing[*]}"
    SUDO=sudo
  fi
  log "apt-get install ${missing[*]} (waits for a running apt/dpkg to release its lock)"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
else
  log "Debian packages present: chromium ($(command -v chromium)), ripgrep, libkrb5-dev, g++, make, python3"
fi
RG=$(command -v rg)

# ---------------------------------------------------------------- 2. code-server
installed_ok() {
  [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$WANT_MARKER" ] &&
    [ -f "$DEST/node_modules/code-server/out/node/entry.js" ] &&
    [ "$(node -p "require('$DEST/node_modules/code-server/package.json').version" 2>/dev/null)" = "$CS_VERSION" ]
}

if [ "${LRLENS_FORCE_SETUP:-}" != 1 ] && installed_ok; then
  log "code-server $CS_VERSION already installed in ${DEST#"$ROOT"/} (marker: $WANT_MARKER) - skipping"
else
  log "installing code-server $CS_VERSION into ${DEST#"$ROOT"/} (takes a few minutes: ~300 MB, native builds)"
  # Only ever wipe a folder this script created (or an empty one).
  if [ -d "$DEST" ] && [ -n "$(ls -A "$DEST")" ] && ! grep -qs '"lr-lens-test-code-server"' "$DEST/package.json"; then
    die "$DEST exists and was not made by this script; remove it or set LRLENS_CODE_SERVER_DIR"
  fi
  rm -rf "$DEST"
  mkdir -p "$DEST"
  # A private TMPDIR: @vscode/ripgrep looks for a cached download in $TMPDIR/vscode-ripgrep-cache-<ver>/
  # before going to GitHub (unreachable here). We put Debian's rg there under the expected name.
  PRIVATE_TMP=$(mktemp -d "${TMPDIR:-/tmp}/lrlens-setup-XXXXXX")
  trap 'rm -rf "$PRIVATE_TMP"' EXIT
  case "$(uname -m)" in
    x86_64) RG_TARGET=x86_64-unknown-linux-musl ;;
    aarch64 | arm64) RG_TARGET=aarch64-unknown-linux-musl ;;
    *) die "unsupported architecture $(uname -m)" ;;
  esac
  mkdir -p "$PRIVATE_TMP/vscode-ripgrep-cache-$RG_PKG_VERSION"
  tar czf "$PRIVATE_TMP/vscode-ripgrep-cache-$RG_PKG_VERSION/ripgrep-$RG_BIN_VERSION-$RG_TARGET.tar.gz" \
    -C "$(dirname "$RG")" "$(basename "$RG")"
  log "ripgrep cache seeded from $RG ($("$RG" --version | head -1))"

  # npm >= 11.x skips dependency install scripts unless the project allows them (package.json
  # "allowScripts" or the project's .npmrc; the command-line/env form is refused for project
  # installs). code-server's postinstall runs nested `npm install`s in lib/vscode and
  # lib/vscode/extensions, which are projects of their own. So: download without scripts, drop an
  # .npmrc allowing the packages that have install scripts (all of them, as listed in code-server
  # 4.100.3's npm-shrinkwrap.json files) into those two folders, then `npm rebuild` runs the scripts.
  # Older npm versions ignore both settings and simply run every script.
  cat > "$DEST/package.json" <<EOF
{
  "name": "lr-lens-test-code-server",
  "private": true,
  "description": "code-server for LR Lens integration tests; installed by scripts/setup-test-vscode.sh",
  "dependencies": { "code-server": "$CS_VERSION" },
  "allowScripts": { "code-server": true, "argon2": true }
}
EOF
  NESTED_ALLOW=@parcel/watcher,@vscode/deviceid,@vscode/ripgrep,@vscode/spdlog,@vscode/windows-ca-certs
  NESTED_ALLOW=$NESTED_ALLOW,@vscode/windows-process-tree,@vscode/windows-registry,kerberos
  NESTED_ALLOW=$NESTED_ALLOW,native-watchdog,node-pty,esbuild

  export TMPDIR=$PRIVATE_TMP
  export npm_config_unsafe_perm=true   # code-server's postinstall refuses to run as root without it
  export npm_config_yes=true           # node-pty's install runs `npx node-gyp`
  export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
  # Node headers from Debian's nodejs package, so node-gyp needs no download from nodejs.org.
  NODE_PREFIX=$(dirname "$(dirname "$(command -v node)")")
  if [ -z "${npm_config_nodedir:-}" ] && [ -f "$NODE_PREFIX/include/node/node.h" ]; then
    export npm_config_nodedir=$NODE_PREFIX
  fi
  run_npm() { # run_npm <what> <npm args...>: runs npm in $DEST, output appended to install.log
    local what=$1
    shift
    log "$what: npm $*"
    if ! (cd "$DEST" && npm "$@" >>"$DEST/install.log" 2>&1); then
      tail -40 "$DEST/install.log" >&2
      die "$what failed; full log: $DEST/install.log"
    fi
  }
  T1=$(date +%s)
  : >"$DEST/install.log"
  run_npm "download" install --ignore-scripts --no-package-lock
  for d in "$DEST/node_modules/code-server/lib/vscode" "$DEST/node_modules/code-server/lib/vscode/extensions"; do
    [ -d "$d" ] || die "unexpected code-server layout: no $d"
    echo "allow-scripts=$NESTED_ALLOW" >"$d/.npmrc"
  done
  run_npm "install scripts and native builds" rebuild --foreground-scripts
  log "npm finished in $(($(date +%s) - T1)) s (log: ${DEST#"$ROOT"/}/install.log)"
  if grep -q 'not yet covered by allowScripts' "$DEST/install.log"; then
    log "WARNING: npm skipped some install scripts:"
    grep -A20 'not yet covered by allowScripts' "$DEST/install.log" | grep 'install-scripts ' >&2 || true
  fi
  # Check the pieces that a silent partial install would lose.
  VS=$DEST/node_modules/code-server/lib/vscode
  for f in "$VS/node_modules/@vscode/ripgrep/bin/rg" \
    "$VS/node_modules/node-pty/build/Release/pty.node" \
    "$VS/node_modules/@vscode/spdlog/build/Release/spdlog.node" \
    "$VS/node_modules/kerberos/build/Release/kerberos.node" \
    "$VS/node_modules.asar"; do
    [ -e "$f" ] || die "code-server install is incomplete: missing ${f#"$DEST"/} (see $DEST/install.log)"
  done
  # (private XDG dirs: otherwise code-server writes ~/.config/code-server/config.yaml)
  VERSION_LINE=$(XDG_CONFIG_HOME=$PRIVATE_TMP/xdg-config XDG_DATA_HOME=$PRIVATE_TMP/xdg-data \
    node "$DEST/node_modules/code-server/out/node/entry.js" --version 2>/dev/null | grep -E '^[0-9]+\.[0-9]+' | head -1)
  [ -n "$VERSION_LINE" ] || die "code-server does not start: node $DEST/node_modules/code-server/out/node/entry.js --version"
  log "code-server --version: $VERSION_LINE"
  echo "$WANT_MARKER" > "$MARKER"
fi

# ---------------------------------------------------------------- 3. playwright-core (devDependency)
if (cd "$ROOT" && node -e "require.resolve('playwright-core')" >/dev/null 2>&1); then
  log "playwright-core $(cd "$ROOT" && node -p "require('playwright-core/package.json').version") present (devDependency; drives $(command -v chromium), downloads no browser)"
else
  log "playwright-core missing from node_modules: running npm install (it is a devDependency)"
  (cd "$ROOT" && npm install --no-audit --no-fund)
fi

log "done in $(($(date +%s) - T0)) s"
