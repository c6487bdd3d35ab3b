#!/usr/bin/env bash
# Creates the virtual environment VENV with Python PYTHON and installs requirements.lock into it.
#   bash scripts/make-venv.sh PYTHON VENV
# With uv (pinned below; bootstrapped once with pip into a tool folder in the user's cache, so
# later clones reuse it): about 5 s with a warm package cache instead of ~40 s for pip. Any failure of the uv path falls back to pip.
# uv is given the package sources pip is configured with here (index, extra indexes, find-links,
# CA file), so both install from the same places.
set -euo pipefail
PYTHON="${1:?python}"
VENV="${2:?venv dir}"
UV_VERSION=0.13.9
LOCK=requirements.lock
TOOL="${XDG_CACHE_HOME:-$HOME/.cache}/pos-loyalty/uv-$UV_VERSION"

# An existing venv is kept and brought up to the lock (other work may be using it right now).
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv --without-pip "$VENV"

pip_for_bootstrap() {  # a pip that can install uv: the base Python's, else one seeded into the venv
  if "$PYTHON" -m pip --version >/dev/null 2>&1; then echo "$PYTHON -m pip"; return; fi
  "$VENV/bin/python" -m ensurepip -q >/dev/null && echo "$VENV/bin/python -m pip"
}

uv_sources() {  # pip's configured sources (its config files and PIP_* variables) for uv
  "$PYTHON" - <<'PY'
import configparser, os, shlex
conf = configparser.ConfigParser()
home = os.path.expanduser("~")
xdg = os.environ.get("XDG_CONFIG_DIRS", "/etc/xdg").split(":")
conf.read([*(os.path.join(d, "pip", "pip.conf") for d in reversed(xdg)), "/etc/pip.conf",
           os.path.join(home, ".pip", "pip.conf"),
           os.path.join(os.environ.get("XDG_CONFIG_HOME", os.path.join(home, ".config")), "pip", "pip.conf"),
           *([os.environ["PIP_CONFIG_FILE"]] if os.environ.get("PIP_CONFIG_FILE") else [])])
def get(name):
    env = os.environ.get("PIP_" + name.upper().replace("-", "_"))
    for section in ("install", "global"):
        if env is None and conf.has_option(section, name):
            env = conf.get(section, name)
    return " ".join(env.split()) if env else None
pairs = {"UV_INDEX_URL": get("index-url"), "UV_EXTRA_INDEX_URL": get("extra-index-url"),
         "UV_FIND_LINKS": (get("find-links") or "").replace(" ", ",") or None,
         "SSL_CERT_FILE": get("cert")}
for key, value in pairs.items():
    if value and not os.environ.get(key):
        print(f"export {key}={shlex.quote(value)}")
PY
}

install_with_uv() {
  local pip
  if ! "$TOOL/bin/uv" --version 2>/dev/null | grep -q "^uv $UV_VERSION\b"; then
    pip="$(pip_for_bootstrap)" || return 1
    [ -n "$pip" ] || return 1
    rm -rf "$TOOL.tmp" && mkdir -p "$(dirname "$TOOL")"
    PIP_ROOT_USER_ACTION=ignore $pip install -q --disable-pip-version-check --target "$TOOL.tmp" \
      "uv==$UV_VERSION" 2>/dev/null || return 1
    rm -rf "$TOOL" && mv "$TOOL.tmp" "$TOOL"
  fi
  eval "$(uv_sources)"
  # Like pip: the best version across every index, not only the first index that has the name.
  UV_INDEX_STRATEGY=unsafe-best-match "$TOOL/bin/uv" pip install -q --python "$VENV/bin/python" \
    -r "$LOCK" pip || return 1
}

install_with_pip() {
  "$VENV/bin/python" -m ensurepip -q >/dev/null 2>&1 || true
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$LOCK"
}

if ! install_with_uv; then
  echo "uv install failed; installing with pip instead (slower)" >&2
  install_with_pip
fi
