#!/usr/bin/env bash
# Installs what the tests in a real VS Code need on a fresh Debian machine, once:
#   - Debian's chromium (driven headless by playwright-core), ripgrep (its rg stands in for the one
#     @vscode/ripgrep would download) and libkrb5-dev (code-server's `kerberos` native module);
#   - test/e2e/node_modules: code-server (VS Code server + web workbench), playwright-core, @vscode/vsce.
# Idempotent: a marker in test/e2e/node_modules records what was installed; a second run with the same versions
# does nothing. Runs without stdin (CI runs it from .ci/run). See /work/shared/E2E.md for why each step exists.
# Env: E2E_SETUP_FORCE=1 reinstalls test/e2e/node_modules.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
E2E="$ROOT/test/e2e"
MARKER="$E2E/node_modules/.e2e-setup.json"
APT_PACKAGES=(chromium ripgrep libkrb5-dev)

say() { printf '[e2e-setup] %s\n' "$*"; }
die() { printf '[e2e-setup] ERROR: %s\n' "$*" >&2; exit 1; }
trap 'die "failed at line $LINENO: $BASH_COMMAND"' ERR

# ---- 1. Debian packages -----------------------------------------------------------------------------------------
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
  [ "$status" = 'install ok installed' ] || missing+=("$pkg")
done
if ((${#missing[@]})); then
  command -v apt-get >/dev/null || die "missing ${missing[*]} and there is no apt-get here: install them by hand"
  SUDO=()
  if [ "$(id -u)" != 0 ]; then
    sudo -n true 2>/dev/null || die "missing ${missing[*]}: run as root, or install them: apt-get install -y ${missing[*]}"
    SUDO=(sudo -n)
  fi
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -q </dev/null >/tmp/e2e-setup-apt.log 2>&1 \
    || { tail -20 /tmp/e2e-setup-apt.log >&2; die "apt-get update failed (log: /tmp/e2e-setup-apt.log)"; }
  "${SUDO[@]}" apt-get install -y -q "${missing[@]}" </dev/null >>/tmp/e2e-setup-apt.log 2>&1 \
    || { tail -20 /tmp/e2e-setup-apt.log >&2; die "apt-get install ${missing[*]} failed (log: /tmp/e2e-setup-apt.log)"; }
fi
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium not found after installing chromium"
[ -x /usr/bin/rg ] || die "/usr/bin/rg not found after installing ripgrep"

# ---- 2. test/e2e/node_modules -----------------------------------------------------------------------------------
node_major="$(node -p 'process.versions.node.split(".")[0]')"
# code-server 4.100.3's postinstall refuses any other major (its engines say node 20).
[ "$node_major" = 20 ] || die "code-server 4.100.3 needs Node 20; this is Node $(node -v)"

# What the marker must say for the install to count as current: node major, the manifest and the lock file.
hash_of() { local f; for f in "$@"; do [ ! -f "$f" ] || cat "$f"; done | sha256sum | cut -c1-16; }
want="{\"node\":$node_major,\"manifest\":\"$(hash_of "$E2E/package.json" "$E2E/package-lock.json")\"}"
have="$(cat "$MARKER" 2>/dev/null || true)"
CODE_SERVER="$E2E/node_modules/.bin/code-server"

if [ "${E2E_SETUP_FORCE:-}" != 1 ] && [ "$have" = "$want" ] && [ -x "$CODE_SERVER" ]; then
  say "up to date ($(node -p "require('$E2E/node_modules/code-server/package.json').version") code-server, chromium, rg): nothing to do"
  exit 0
fi

export TMPDIR="${TMPDIR:-/tmp}"
# unsafe-perm: code-server's postinstall refuses root without it. yes: its nested `npx node-gyp` would otherwise be
# cancelled (the user npmrc says yes=false) and there is no stdin to answer.
export npm_config_unsafe_perm=true npm_config_yes=true npm_config_fund=false npm_config_audit=false
LOG="$TMPDIR/e2e-setup-npm.log"
run_logged() { # run "$@" with its output in $LOG; on failure show the tail and stop
  if ! "$@" </dev/null >>"$LOG" 2>&1; then tail -40 "$LOG" >&2; die "'$*' in test/e2e failed (whole log: $LOG)"; fi
}
: >"$LOG"
cd "$E2E"
start=$(date +%s)
# Phase 1 without install scripts, so that the exact @vscode/ripgrep version code-server pins can be read first.
if [ -f package-lock.json ]; then cmd=(npm ci); else cmd=(npm install); fi
say "${cmd[*]} in test/e2e"
run_logged "${cmd[@]}" --ignore-scripts --no-audit --no-fund

# @vscode/ripgrep (before 1.18) downloads rg from GitHub in its postinstall unless its cache already holds the
# tarball: seed that cache with Debian's rg for the version code-server's npm-shrinkwrap.json pins.
VSCODE_DIR="$E2E/node_modules/code-server/lib/vscode"
rg_pkg_version="$(node -p "require('$VSCODE_DIR/npm-shrinkwrap.json').packages['node_modules/@vscode/ripgrep'].version")" \
  || die "cannot read the @vscode/ripgrep version from $VSCODE_DIR/npm-shrinkwrap.json"
if [ -n "$(npm view "@vscode/ripgrep@$rg_pkg_version" scripts.postinstall 2>/dev/null)" ]; then
  work="$(mktemp -d)"
  (cd "$work" && npm pack --silent "@vscode/ripgrep@$rg_pkg_version" >/dev/null && tar xzf ./*.tgz) \
    || die "cannot fetch @vscode/ripgrep@$rg_pkg_version from the npm registry"
  rg_version="$(sed -n "s/^const VERSION = '\(.*\)';.*/\1/p" "$work/package/lib/postinstall.js")"
  rm -rf "$work"
  [ -n "$rg_version" ] || die "could not read the ripgrep version from @vscode/ripgrep@$rg_pkg_version's postinstall"
  case "$(uname -m)" in x86_64) arch=x86_64 ;; aarch64) arch=aarch64 ;; *) die "unsupported CPU $(uname -m)" ;; esac
  tarball="$TMPDIR/vscode-ripgrep-cache-$rg_pkg_version/ripgrep-$rg_version-$arch-unknown-linux-musl.tar.gz"
  mkdir -p "$(dirname "$tarball")"
  work="$(mktemp -d)"; cp /usr/bin/rg "$work/rg"; tar czf "$tarball" -C "$work" rg; rm -rf "$work"
  say "seeded $tarball from /usr/bin/rg"
fi

# Phase 2: the install scripts (allowScripts in test/e2e/package.json approves code-server's postinstall, which runs
# `npm install` in lib/vscode and lib/vscode/extensions and builds their native modules).
say "building code-server's native modules (1-3 minutes)"
run_logged npm rebuild

# Check what the postinstall was supposed to build: a silently skipped install script shows up here, not later.
"$CODE_SERVER" --version >/dev/null 2>&1 || die "code-server --version fails after the install (log: $LOG)"
# (require() each native module the server loads: a skipped build fails here, not in the middle of a test run)
node -e "const r = require('module').createRequire('$VSCODE_DIR/package.json');
  for (const m of ['node-pty', '@parcel/watcher', '@vscode/spdlog', 'kerberos', 'native-watchdog']) r(m);" >>"$LOG" 2>&1 \
  || die "a native module of code-server did not build: see the end of $LOG"
node --input-type=module -e "import('$VSCODE_DIR/node_modules/@vscode/ripgrep/lib/index.js').then(async (m) => {
  const { execFileSync } = await import('node:child_process'); execFileSync(m.rgPath ?? m.default.rgPath, ['--version']); })" \
  || die "code-server's ripgrep does not run"

mkdir -p "$(dirname "$MARKER")"
want="{\"node\":$node_major,\"manifest\":\"$(hash_of "$E2E/package.json" "$E2E/package-lock.json")\"}"
printf '%s' "$want" >"$MARKER"
say "installed in $(( $(date +%s) - start ))s: $("$CODE_SERVER" --version | head -1), $(/usr/bin/chromium --version 2>/dev/null)"
