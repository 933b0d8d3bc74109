#!/usr/bin/env bash
# The action's first step: put okr on PATH from this version's release when
# the release has a binary for this machine (checked against its .sha256);
# otherwise say so, and the next steps build it with a cargo cache.
# Outputs (GITHUB_OUTPUT): found=true|false, source=<hash of what a build
# compiles> for the cache key. OKR_RELEASE_REPOSITORY (owner/name) overrides
# where releases are looked for.
set -euo pipefail

root="$HOME/.cache/okr-action"
mkdir -p "$root/bin"
echo "$root/bin" >> "$GITHUB_PATH"

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$GITHUB_ACTION_PATH/Cargo.toml" | head -n 1)
sha256() { if command -v sha256sum >/dev/null 2>&1; then sha256sum "$@"; else shasum -a 256 "$@"; fi; }
# What a build compiles (the rule pages in docs/ are embedded in the binary).
sources=()
for source in Cargo.toml Cargo.lock src docs schema; do
  if [ -e "$GITHUB_ACTION_PATH/$source" ]; then sources+=("$source"); fi
done
source_hash=$(cd "$GITHUB_ACTION_PATH" && find "${sources[@]}" -type f -print0 | LC_ALL=C sort -z | xargs -0 cat | sha256 | cut -c1-16)
echo "source=$version-$source_hash" >> "$GITHUB_OUTPUT"

repository=${OKR_RELEASE_REPOSITORY:-}
if [ -z "$repository" ]; then
  # An action used from GitHub lives in …/_actions/OWNER/NAME/REF.
  case "$GITHUB_ACTION_PATH" in
    */_actions/*/*/*)
      ref_dir=$(dirname "$GITHUB_ACTION_PATH")
      repository="$(basename "$(dirname "$ref_dir")")/$(basename "$ref_dir")"
      ;;
  esac
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) target=x86_64-unknown-linux-musl ext=tar.gz ;;
  Linux-aarch64) target=aarch64-unknown-linux-musl ext=tar.gz ;;
  Darwin-arm64) target=aarch64-apple-darwin ext=tar.gz ;;
  Darwin-x86_64) target=x86_64-apple-darwin ext=tar.gz ;;
  MINGW*-x86_64 | MSYS*-x86_64 | CYGWIN*-x86_64) target=x86_64-pc-windows-msvc ext=zip ;;
  *) target="" ext="" ;;
esac

found=false
if [ -n "$repository" ] && [ -n "$target" ] && [ -n "$version" ]; then
  asset="okr-v$version-$target.$ext"
  url="${GITHUB_SERVER_URL:-https://github.com}/$repository/releases/download/v$version/$asset"
  download="$RUNNER_TEMP/okr-release"
  rm -rf "$download" && mkdir -p "$download"
  if curl --fail --silent --show-error --location --retry 2 -o "$download/$asset" "$url" \
    && curl --fail --silent --show-error --location --retry 2 -o "$download/$asset.sha256" "$url.sha256"; then
    expected=$(cut -d' ' -f1 < "$download/$asset.sha256")
    actual=$(sha256 "$download/$asset" | cut -d' ' -f1)
    if [ "$expected" != "$actual" ]; then
      echo "::error title=okr::$asset does not match its .sha256"
      exit 1
    fi
    case "$ext" in
      zip) unzip -q -o "$download/$asset" -d "$root/bin" ;;
      *) tar -xzf "$download/$asset" -C "$root/bin" ;;
    esac
    found=true
    echo "okr: installed the released okr v$version ($target)"
  else
    echo "okr: no released okr v$version for $target; building it"
  fi
else
  echo "okr: no release to look for (repository '${repository}', target '${target}'); building okr"
fi
echo "found=$found" >> "$GITHUB_OUTPUT"
