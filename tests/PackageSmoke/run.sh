#!/usr/bin/env bash
# Package smoke test: packs the LossGen package into a temporary folder feed, creates a brand-new console project
# (`dotnet new console`) in a temporary folder, installs LossGen from that feed (System.Numerics.Tensors comes from
# the machine's usual NuGet sources), declares losses (tests/PackageSmoke/Program.cs), builds it, prints every build
# warning, runs it and fails unless every computed value matches.
#
# The fresh package is restored into a private packages folder (NUGET_PACKAGES) inside the temporary folder, so a
# LossGen of the same version never lands in, or is picked up stale from, ~/.nuget/packages.
#
# When the package carries the analyzers (analyzers/dotnet/cs/LossGen.Analyzers.dll), the build must report at least
# one LossGen warning (Program.cs declares a deliberately unguarded log): that proves the analyzers load from the
# package in a plain consumer build. A second build with an .editorconfig that sets LG1001 to error must fail with
# error LG1001 (severity is configurable as for any analyzer).
#
# Usage: tests/PackageSmoke/run.sh          (LOSSGEN_SMOKE_KEEP=1 keeps the temporary folder for inspection)
set -euo pipefail

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/lossgen-smoke.XXXXXX")"
if [ "${LOSSGEN_SMOKE_KEEP:-0}" = "1" ]; then
  echo "Keeping $work"
else
  trap 'rm -rf "$work"' EXIT
fi
feed="$work/feed"
app="$work/SmokeApp"
packages="$work/packages"

echo "== pack =="
dotnet pack "$repo/src/LossGen.Runtime/LossGen.Runtime.csproj" -c Release -o "$feed" -nologo
shopt -s nullglob
nupkgs=("$feed"/*.nupkg)
if [ "${#nupkgs[@]}" -ne 1 ]; then
  echo "Expected exactly one package in $feed, found ${#nupkgs[@]}: ${nupkgs[*]:-none}" >&2
  exit 1
fi
nupkg="$(basename "${nupkgs[0]}")"
case "$nupkg" in
  LossGen.*.nupkg) version="${nupkg#LossGen.}"; version="${version%.nupkg}" ;;
  *) echo "Unexpected package name $nupkg (expected LossGen.<version>.nupkg)" >&2; exit 1 ;;
esac
echo "Packed $nupkg (version $version)"

echo "== new console project =="
dotnet new console -o "$app" -n SmokeApp --framework net10.0 --no-restore
cp "$repo/tests/PackageSmoke/Program.cs" "$app/Program.cs"
# The local feed is added to the machine's usual sources (no <clear/>), which supply System.Numerics.Tensors.
cat > "$app/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="lossgen-local" value="$feed" />
  </packageSources>
</configuration>
EOF

echo "== install LossGen $version from the local feed =="
NUGET_PACKAGES="$packages" dotnet add "$app/SmokeApp.csproj" package LossGen --version "$version"
installed="$packages/lossgen/$version"
[ -d "$installed" ] || { echo "LossGen $version was not restored into $packages" >&2; exit 1; }
echo "Package contents:"
(cd "$installed" && find . -type f ! -name '*.sha512' ! -name '.nupkg.metadata' ! -name '*.nupkg' ! -name '*.signature.p7s' | sort | sed 's|^\./|  |')

echo "== build =="
set +e
NUGET_PACKAGES="$packages" dotnet build "$app/SmokeApp.csproj" -c Release -nologo -v:minimal > "$work/build.log" 2>&1
build_status=$?
set -e
cat "$work/build.log"
# Every distinct warning of the consumer build (generator and analyzer diagnostics included).
warnings="$(grep -E ': warning [A-Za-z]+[0-9]+' "$work/build.log" | sed -E 's| \[[^]]*\]$||' | sort -u || true)"
echo "== build warnings ($(printf '%s' "$warnings" | grep -c . || true)) =="
[ -n "$warnings" ] && printf '%s\n' "$warnings"
if [ "$build_status" -ne 0 ]; then
  echo "The smoke project failed to build." >&2
  exit 1
fi
if [ -f "$installed/analyzers/dotnet/cs/LossGen.Analyzers.dll" ]; then
  if printf '%s\n' "$warnings" | grep -qE ': warning LG[0-9]{4}'; then
    echo "The packaged analyzers reported LossGen warnings."
  else
    echo "The package carries LossGen.Analyzers.dll, but the build reported no LG warning (Program.cs declares an unguarded log(p))." >&2
    exit 1
  fi
else
  echo "The package carries no analyzers yet; LG analyzer warnings are not expected."
fi

echo "== .editorconfig raises LG1001 to an error =="
printf 'root = true\n[*.cs]\ndotnet_diagnostic.LG1001.severity = error\n' > "$app/.editorconfig"
set +e
NUGET_PACKAGES="$packages" dotnet build "$app/SmokeApp.csproj" -c Release -nologo -v:minimal --no-incremental > "$work/build-error.log" 2>&1
error_status=$?
set -e
rm "$app/.editorconfig"
if [ "$error_status" -eq 0 ] || ! grep -qE ': error LG1001' "$work/build-error.log"; then
  cat "$work/build-error.log"
  echo "With dotnet_diagnostic.LG1001.severity = error the build should fail with error LG1001." >&2
  exit 1
fi
grep -E ': error LG1001' "$work/build-error.log" | sed -E 's| \[[^]]*\]$||' | sort -u
NUGET_PACKAGES="$packages" dotnet build "$app/SmokeApp.csproj" -c Release -nologo -v:quiet --no-incremental > /dev/null

echo "== run =="
NUGET_PACKAGES="$packages" dotnet run --project "$app/SmokeApp.csproj" -c Release --no-build
