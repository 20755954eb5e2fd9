#!/usr/bin/env bash
# Runs the Bicep CLI with the given arguments (`infra/scripts/bicep.sh build main.bicep --stdout`).
#
# Which Bicep: $ERCSP_BICEP if set (a path to the executable), else `bicep` on the PATH, else the NuGet package
# Azure.Bicep.CommandLine.linux-x64 restored by the .NET SDK into .ercsp/bicep/ (git-ignored, recreated on demand).
# Nothing is installed outside the project folder. `--which` prints the executable it would run and exits.
set -euo pipefail

BICEP_PACKAGE=Azure.Bicep.CommandLine.linux-x64
BICEP_VERSION=0.49.2
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE="$ROOT/.ercsp/bicep"
PACKAGE_DIR="$CACHE/packages/$(echo "$BICEP_PACKAGE" | tr '[:upper:]' '[:lower:]')/$BICEP_VERSION"
RESTORED="$PACKAGE_DIR/tools/bicep"

how_to_install() {
  cat >&2 <<MSG
bicep: no Bicep CLI found. Any one of these works:
  - install the .NET SDK (dotnet on the PATH) and run this again: it restores the NuGet package
    $BICEP_PACKAGE $BICEP_VERSION into .ercsp/bicep/;
  - install the Bicep CLI on the PATH (https://aka.ms/bicep-install, or 'az bicep install' and add ~/.azure/bin);
  - set ERCSP_BICEP to the path of a bicep executable.
MSG
}

restore_package() {
  if ! command -v dotnet >/dev/null 2>&1; then
    how_to_install
    return 1
  fi
  mkdir -p "$CACHE"
  # One restore at a time: parallel test workers and the check script share the cache.
  exec 9>"$CACHE/.lock"
  flock 9
  if [[ -x "$RESTORED" ]]; then return 0; fi
  local project
  project=$(mktemp -d)
  local framework
  framework="net$(dotnet --version | cut -d. -f1).0"
  cat >"$project/restore-bicep.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>$framework</TargetFramework></PropertyGroup>
  <ItemGroup><PackageReference Include="$BICEP_PACKAGE" Version="$BICEP_VERSION" /></ItemGroup>
</Project>
PROJ
  echo "bicep: restoring $BICEP_PACKAGE $BICEP_VERSION into .ercsp/bicep/ ..." >&2
  if ! DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NUGET_HTTP_CACHE_PATH="$CACHE/http-cache" \
    dotnet restore "$project/restore-bicep.csproj" --packages "$CACHE/packages" >"$CACHE/restore.log" 2>&1; then
    cat "$CACHE/restore.log" >&2
    rm -rf "$project"
    echo "bicep: the restore of $BICEP_PACKAGE $BICEP_VERSION failed (log above)." >&2
    how_to_install
    return 1
  fi
  rm -rf "$project"
  chmod +x "$RESTORED"
}

resolve() {
  if [[ -n "${ERCSP_BICEP:-}" ]]; then
    echo "$ERCSP_BICEP"
  elif command -v bicep >/dev/null 2>&1; then
    command -v bicep
  else
    if [[ ! -x "$RESTORED" ]]; then restore_package >&2 || return 1; fi
    echo "$RESTORED"
  fi
}

executable=$(resolve) || exit 127
if [[ "${1:-}" == "--which" ]]; then
  echo "$executable"
  exit 0
fi
exec "$executable" "$@"
