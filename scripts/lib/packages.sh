# Installs the Debian packages a suite needs when they are missing (as root). Source, do not run.
#   need_packages COMMAND:PACKAGE ...   (COMMAND may be an absolute path to a file)
need_packages() {
  local missing=() p cmd pkg
  for p in "$@"; do
    cmd=${p%%:*} pkg=${p#*:}
    if [[ $cmd == /* ]]; then [ -e "$cmd" ] || missing+=("$pkg"); else command -v "$cmd" >/dev/null || missing+=("$pkg"); fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}
