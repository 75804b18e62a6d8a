# Sourced by the fetch scripts: where clausediff keeps what they fetch,
# $XDG_CACHE_HOME/clausediff, or ~/.cache/clausediff when XDG_CACHE_HOME
# is unset, empty or relative (a relative one is ignored, as the XDG base
# directory rules say and as clausediff does).
clausediff_cache() {
  local cache="${XDG_CACHE_HOME:-}"
  case "$cache" in /*) ;; *) cache="$HOME/.cache" ;; esac
  printf '%s/clausediff\n' "$cache"
}
