#!/usr/bin/env bash
# Package smoke test: follows the README's recipe ("Using LossGen as a package") exactly, as a new user would, from a
# clean global packages folder, twice in a row:
#   1. `dotnet pack -c Release -o <feed>` at the repository root (LossGen, LossGen.LightGbm, LossGen.ML);
#   2. a brand-new `dotnet new console` project with the README's nuget.config (the feed added to the usual sources)
#      and `dotnet add package LossGen --prerelease`; it declares losses (tests/PackageSmoke/Program.cs), builds,
#      prints every build warning, runs and fails unless every computed value matches;
#   3. a change to LossGen (a temporary public type in src/LossGen.Runtime, deleted on exit), the same pack again,
#      which must produce a newer version, and the same `dotnet add package LossGen --prerelease`, which must pick it:
#      the consumer then uses the new type, so it only builds and runs against the new package.
#
# Packages are restored into a private, initially empty packages folder (NUGET_PACKAGES) inside the temporary folder,
# so nothing lands in, or is picked up stale from, ~/.nuget/packages.
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
change="$repo/src/LossGen.Runtime/PackageSmokeChange.cs"
cleanup() {
  rm -f "$change"
  if [ "${LOSSGEN_SMOKE_KEEP:-0}" = "1" ]; then echo "Keeping $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
feed="$work/feed"
app="$work/SmokeApp"
export NUGET_PACKAGES="$work/packages"

# The README's recipe, step 1: pack everything at the repository root into one folder.
pack() {
  (cd "$repo" && dotnet pack -c Release -o "$feed" -nologo -v:minimal) > "$work/pack.log" 2>&1 || { cat "$work/pack.log"; echo "dotnet pack failed" >&2; exit 1; }
  grep -E 'Successfully created package' "$work/pack.log" | sed -E 's|^ *||'
}

# The newest version of package $1 in the feed.
newest() {
  local id="$1" file
  for file in "$feed/$id".[0-9]*.nupkg; do
    [ -e "$file" ] || continue
    file="$(basename "$file" .nupkg)"
    printf '%s\n' "${file#"$id".}"
  done | sort -V | tail -n 1
}

# The version of LossGen the consumer's restore resolved.
resolved() {
  grep -oE '"LossGen/[^"]+"' "$app/obj/project.assets.json" | head -n 1 | sed -E 's|"LossGen/(.*)"|\1|'
}

echo "== pack (1) =="
pack
version="$(newest LossGen)"
for id in LossGen LossGen.LightGbm LossGen.ML; do
  [ -n "$(newest "$id")" ] || { echo "The root pack produced no $id package in $feed" >&2; exit 1; }
done
unzip -p "$feed/LossGen.LightGbm.$(newest LossGen.LightGbm).nupkg" '*.nuspec' | grep -q 'id="LightGBM" version="4.7.0"' \
  || { echo "LossGen.LightGbm does not depend on LightGBM 4.7.0 (which brings the native library)" >&2; exit 1; }

echo "== new console project =="
dotnet new console -o "$app" -n SmokeApp --framework net10.0 --no-restore
cp "$repo/tests/PackageSmoke/Program.cs" "$app/Program.cs"
# The README's recipe, step 2: a nuget.config next to the project adds the folder to the machine's usual sources
# (no <clear/>), which supply System.Numerics.Tensors.
cat > "$app/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="lossgen-local" value="$feed" />
  </packageSources>
</configuration>
EOF

echo "== install LossGen from the local feed (newest there: $version) =="
(cd "$app" && dotnet add package LossGen --prerelease)
[ "$(resolved)" = "$version" ] || { echo "The consumer resolved LossGen $(resolved), not the packed $version" >&2; exit 1; }
installed="$NUGET_PACKAGES/lossgen/$version"
[ -d "$installed" ] || { echo "LossGen $version was not restored into $NUGET_PACKAGES" >&2; exit 1; }
echo "Package contents:"
(cd "$installed" && find . -type f ! -name '*.sha512' ! -name '.nupkg.metadata' ! -name '*.nupkg' ! -name '*.signature.p7s' | sort | sed 's|^\./|  |')

echo "== build =="
set +e
dotnet build "$app/SmokeApp.csproj" -c Release -nologo -v:minimal > "$work/build.log" 2>&1
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
dotnet build "$app/SmokeApp.csproj" -c Release -nologo -v:minimal --no-incremental > "$work/build-error.log" 2>&1
error_status=$?
set -e
rm "$app/.editorconfig"
if [ "$error_status" -eq 0 ] || ! grep -qE ': error LG1001' "$work/build-error.log"; then
  cat "$work/build-error.log"
  echo "With dotnet_diagnostic.LG1001.severity = error the build should fail with error LG1001." >&2
  exit 1
fi
grep -E ': error LG1001' "$work/build-error.log" | sed -E 's| \[[^]]*\]$||' | sort -u
dotnet build "$app/SmokeApp.csproj" -c Release -nologo -v:quiet --no-incremental > /dev/null

echo "== run =="
dotnet run --project "$app/SmokeApp.csproj" -c Release --no-build

echo "== change LossGen, pack (2) =="
stamp="$(date -u +%Y%m%d%H%M%S)-$RANDOM"
cat > "$change" <<EOF
namespace LossGen;

/// <summary>Written by tests/PackageSmoke/run.sh while it runs, and deleted after: a change a consumer can see.</summary>
public static class PackageSmokeChange
{
    /// <summary>Identifies the smoke test run.</summary>
    public const string Stamp = "$stamp";
}
EOF
pack
rm -f "$change"
second="$(newest LossGen)"
if [ "$second" = "$version" ] || [ "$(printf '%s\n%s\n' "$version" "$second" | sort -V | tail -n 1)" != "$second" ]; then
  echo "Re-packing a changed LossGen gave version $second after $version: not a newer version" >&2
  exit 1
fi

echo "== consume the new build ($second) =="
(cd "$app" && dotnet add package LossGen --prerelease)
[ "$(resolved)" = "$second" ] || { echo "The consumer resolved LossGen $(resolved), not the re-packed $second" >&2; exit 1; }
# Print the new type's value just before Program.cs's top-level `return failures;`.
sed -i 's|^return failures;$|Console.WriteLine($"changed package: {LossGen.PackageSmokeChange.Stamp}");\nreturn failures;|' "$app/Program.cs"
grep -q 'PackageSmokeChange' "$app/Program.cs" || { echo "Could not edit the consumer's Program.cs" >&2; exit 1; }
dotnet build "$app/SmokeApp.csproj" -c Release -nologo -v:quiet > "$work/build2.log" 2>&1 \
  || { cat "$work/build2.log"; echo "The consumer did not build against the re-packed LossGen" >&2; exit 1; }
output="$(dotnet run --project "$app/SmokeApp.csproj" -c Release --no-build)"
printf '%s\n' "$output" | tail -n 2
printf '%s\n' "$output" | grep -qF "changed package: $stamp" || { echo "The consumer did not run the re-packed LossGen" >&2; exit 1; }
echo "Package smoke test passed: LossGen $version, then $second after a change."
