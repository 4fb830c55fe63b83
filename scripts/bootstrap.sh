# Sourced by scripts/run and scripts/test: installs what the hotline needs on a fresh Debian machine.
#   - Debian packages (ffmpeg, espeak-ng, and any extra names given) when missing;
#   - a virtualenv in .venv with the pinned Python packages, every version taken from the lock
#     constraints.txt (re-installed when a requirements file or the lock changes).
# Usage: source scripts/bootstrap.sh; bootstrap REQUIREMENTS_FILE [DEBIAN_PACKAGE ...]
# HOTLINE_PYTHON (default python3) and HOTLINE_VENV (default .venv) choose another interpreter and
# virtualenv, as scripts/test-python does.
set -euo pipefail

HOTLINE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${HOTLINE_PYTHON:-python3}"
VENV="${HOTLINE_VENV:-$HOTLINE_ROOT/.venv}"
LOCK="$HOTLINE_ROOT/constraints.txt"

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
    echo "== creating virtualenv in ${VENV#"$HOTLINE_ROOT"/}"
    "$PYTHON" -m venv "$VENV" 2>/dev/null || { install_debian_packages python3-venv; "$PYTHON" -m venv "$VENV"; }
  fi
  local digest
  digest="$(cat "$HOTLINE_ROOT"/requirements*.txt "$LOCK" | sha256sum | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
    echo "== installing Python packages from $(basename "$requirements") with the versions in constraints.txt"
    "$VENV/bin/pip" install -q --disable-pip-version-check -r "$requirements" -c "$LOCK"
    local broken
    broken="$("$VENV/bin/pip" check --disable-pip-version-check)" || { echo "$broken" >&2; return 1; }
    check_all_locked
    echo "$digest" > "$stamp"
  fi
}

# Names every installed package version that constraints.txt does not pin (a requirement added
# without re-running scripts/lock, or a package installed by hand); a failure in CI (CI set), where
# the virtualenv is fresh, so that a fresh machine cannot install something CI did not test.
# pip freeze's lines and the lock's pins are compared case-folded, runs of "-_." read as one "-".
check_all_locked() {
  local unlocked level=warning
  unlocked="$("$VENV/bin/pip" freeze --disable-pip-version-check | awk -v lock="$LOCK" '
    function key(s) { s = tolower(s); gsub(/[-_.]+/, "-", s); return s }
    BEGIN { while ((getline line < lock) > 0) if (line ~ /^[A-Za-z0-9][^ ;]*==/) { sub(/[ ;].*/, "", line); pinned[key(line)] } }
    !(key($0) in pinned)')"
  [ -z "$unlocked" ] && return 0
  [ -n "${CI:-}" ] && level=error
  echo "$level: installed but not pinned in constraints.txt (run scripts/lock):" >&2
  echo "$unlocked" >&2
  [ "$level" = warning ]
}

bootstrap() {
  local requirements="$1"; shift
  command -v "$PYTHON" >/dev/null || install_debian_packages python3 python3-venv
  install_debian_packages ffmpeg espeak-ng "$@"
  install_python_packages "$HOTLINE_ROOT/$requirements"
  export PATH="$VENV/bin:$PATH" FLASK_APP=app
  cd "$HOTLINE_ROOT"
}
