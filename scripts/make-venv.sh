#!/usr/bin/env bash
# Create the project virtualenv with the given Python. Debian and Ubuntu ship `venv` without
# ensurepip unless python3-venv is installed; install it then (apt-get, root or sudo).
set -euo pipefail
python="$1"
venv="$2"
if "$python" -m venv "$venv" 2>/dev/null; then exit 0; fi
rm -rf "$venv"
version="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
if ! command -v apt-get >/dev/null; then
  echo "error: '$python -m venv' failed; install your distribution's venv package" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "installing python${version}-venv with apt-get" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "python${version}-venv" >/dev/null
"$python" -m venv "$venv"
