#!/usr/bin/env bash
# Installs the Debian packages the tests run when any is missing: Chromium for the browser tests (never a browser
# download of its own), zsh and fish to check the shell-completion scripts.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v zsh >/dev/null || missing+=(zsh)
command -v fish >/dev/null || missing+=(fish)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "installing Debian's ${missing[*]} for the tests…" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >&2
