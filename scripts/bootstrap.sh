# Sourced by scripts/run and scripts/test: installs what the hotline needs on a fresh Debian machine.
#   - Debian packages (ffmpeg, espeak-ng, and any extra names given) when missing;
#   - a virtualenv in .venv with the pinned Python packages (re-installed when a requirements
#     file changes).
# Usage: source scripts/bootstrap.sh; bootstrap REQUIREMENTS_FILE [DEBIAN_PACKAGE ...]
set -euo pipefail

HOTLINE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$HOTLINE_ROOT/.venv"

_as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "error: need root (or sudo) to run: $*" >&2; return 1; fi
}

install_debian_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "== installing Debian packages: ${missing[*]}"
  _as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive _as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_python_packages() {
  local requirements="$1" stamp="$VENV/.installed-$(basename "$1")"
  if [ ! -x "$VENV/bin/python" ]; then
    echo "== creating virtualenv in .venv"
    python3 -m venv "$VENV" 2>/dev/null || { install_debian_packages python3-venv; python3 -m venv "$VENV"; }
  fi
  local digest
  digest="$(cat "$HOTLINE_ROOT"/requirements*.txt | sha256sum | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
    echo "== installing Python packages from $(basename "$requirements")"
    "$VENV/bin/pip" install -q --disable-pip-version-check -r "$requirements"
    echo "$digest" > "$stamp"
  fi
}

bootstrap() {
  local requirements="$1"; shift
  command -v python3 >/dev/null || install_debian_packages python3 python3-venv
  install_debian_packages ffmpeg espeak-ng "$@"
  install_python_packages "$HOTLINE_ROOT/$requirements"
  export PATH="$VENV/bin:$PATH" FLASK_APP=app
  cd "$HOTLINE_ROOT"
}
