#!/usr/bin/env bash
# npm run infra:check [folder]: compiles (`bicep build`) and lints (`bicep lint`) every .bicep file under the folder
# (default infra/) with the real Bicep CLI and the bicepconfig.json found beside the files, and fails on any error
# or warning, listing each once. The Bicep CLI comes from infra/scripts/bicep.sh (PATH, or the NuGet package).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BICEP="$ROOT/infra/scripts/bicep.sh"
TARGET=$(cd "${1:-$ROOT/infra}" && pwd)
started=$(date +%s%N)

mapfile -t files < <(cd "$TARGET" && find . -name '*.bicep' -not -path '*/node_modules/*' | sed 's|^\./||' | sort)
if ((${#files[@]} == 0)); then
  echo "infra:check: no .bicep files under $TARGET" >&2
  exit 1
fi
version=$("$BICEP" --version)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
# One process per command for all files (--pattern): each start of the CLI costs seconds.
(cd "$TARGET" && "$BICEP" build --pattern '**/*.bicep' --outdir "$work/out") >"$work/build.log" 2>&1 || status=$?
(cd "$TARGET" && "$BICEP" lint --pattern '**/*.bicep') >"$work/lint.log" 2>&1 || status=$?

# Diagnostics look like: /path/file.bicep(12,3) : Warning rule-or-code: message [link]
diagnostic='^.+\([0-9]+,[0-9]+\) : (Error|Warning|Info) '
sort -u "$work/build.log" "$work/lint.log" | grep -E "$diagnostic" >"$work/diagnostics" || true
errors=$(grep -cE '\) : Error ' "$work/diagnostics" || true)
warnings=$(grep -cE '\) : Warning ' "$work/diagnostics" || true)
# Anything else the CLI printed (a crash, a restore failure) is a failure too.
other=$(cat "$work/build.log" "$work/lint.log" | grep -vE "$diagnostic" | grep -vE '^\s*$' || true)

built=0
for file in "${files[@]}"; do
  [[ -f "$work/out/${file%.bicep}.json" ]] && built=$((built + 1))
done

cat "$work/diagnostics"
[[ -n "$other" ]] && echo "$other"
elapsed=$((($(date +%s%N) - started) / 1000000))
echo "infra:check: ${#files[@]} Bicep files under ${TARGET#"$ROOT"/}, $built compiled; $errors errors, $warnings warnings ($version, $((elapsed / 1000)).$(printf '%03d' $((elapsed % 1000)))s)"

if ((status != 0 || errors > 0 || warnings > 0 || built != ${#files[@]})) || [[ -n "$other" ]]; then
  echo "infra:check: FAILED" >&2
  exit 1
fi
