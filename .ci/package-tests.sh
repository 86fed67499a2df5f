#!/usr/bin/env bash
# Package tests: packs the engine (NuGet, with the embedded models and, when built, libmtcnn.so for linux-x64) and
# the `mtcnn` .NET tool into a local folder feed, then, outside the repository, (1) a fresh console project restores
# MtcnnCuda.Engine from that feed alone and must find the six faces of the sample photo with the embedded model, and
# (2) `dotnet tool install` installs the tool from the feed and `mtcnn detect` must report the same six faces.
# Ends with a plain "N passed, N failed" line for .ci/run. Outputs under out/ (git-ignored) and a temp folder.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
repo=$PWD
feed="$repo/out/packages"
native_lib="${MTCNN_NATIVE_OUT:-out/native}/publish/MtcnnCuda.Engine/release_linux-x64/libmtcnn.so"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() { if [ "$1" -eq 0 ]; then echo "PASS: $2"; passed=$((passed + 1)); else echo "FAIL: $2"; failed=$((failed + 1)); fi; }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

rm -rf "$feed"
echo "== packing MtcnnCuda.Engine and the mtcnn tool into $feed"
native_arg=()
if [ -f "$native_lib" ]; then native_arg=(-p:MtcnnNativeLibPath="$repo/$native_lib"); else echo "(no $native_lib: the engine package goes without the C library)"; fi
dotnet pack src/Engine -c Release -o "$feed" -nologo -v:q "${native_arg[@]}"; check $? "pack MtcnnCuda.Engine"
dotnet pack src/Tools -c Release -o "$feed" -nologo -v:q; check $? "pack MtcnnCuda.Tools (.NET tool)"
engine_pkg=$(ls "$feed"/MtcnnCuda.Engine.*.nupkg 2>/dev/null | head -n 1)
[ -n "$engine_pkg" ] || finish
version=$(basename "$engine_pkg" .nupkg); version=${version#MtcnnCuda.Engine.}

# A consumer that knows only the local feed (no nuget.org, its own package folder): what a user's project does.
# NuGet finds this nuget.config above the project folder.
cat > "$work/nuget.config" <<XML
<configuration>
  <packageSources><clear /><add key="local" value="$feed" /></packageSources>
  <config><add key="globalPackagesFolder" value="$work/packages" /></config>
</configuration>
XML
mkdir -p "$work/consumer"
cat > "$work/consumer/consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
  <ItemGroup><PackageReference Include="MtcnnCuda.Engine" Version="$version" /></ItemGroup>
</Project>
XML
cat > "$work/consumer/Program.cs" <<'CS'
// Reads a binary PPM (P6) and detects faces with the package's embedded default model.
using MtcnnCuda;
var bytes = File.ReadAllBytes(args[0]);
int pos = 0;
string Token() { while (char.IsWhiteSpace((char)bytes[pos])) pos++; int s = pos; while (!char.IsWhiteSpace((char)bytes[pos])) pos++; return System.Text.Encoding.ASCII.GetString(bytes, s, pos - s); }
if (Token() != "P6") throw new InvalidDataException("not a P6 PPM");
int w = int.Parse(Token()), h = int.Parse(Token()); Token(); pos++;
using var detector = FaceDetector.CreateDefault();
var faces = detector.Detect(bytes.AsSpan(pos, w * h * 3), w, h, w * 3, PixelFormat.Rgb24);
Console.WriteLine($"{faces.Count} faces");
CS
echo "== fresh consumer project restoring MtcnnCuda.Engine $version from the local feed"
out=$(cd "$work/consumer" && dotnet run -c Release -- "$repo/tests/native/sample-faces.ppm" 2>&1)
echo "$out" | tail -n 3
echo "$out" | grep -qx "6 faces"; check $? "consumer project: embedded model finds the 6 faces of the sample photo"
if [ -f "$native_lib" ]; then
  find "$work/consumer/bin" -path "*runtimes/linux-x64/native/libmtcnn.so" | grep -q .; check $? "package carries runtimes/linux-x64/native/libmtcnn.so"
fi

echo "== dotnet tool install from the local feed"
dotnet tool install MtcnnCuda.Tools --version "$version" --tool-path "$work/tools" --configfile "$work/nuget.config" >/dev/null
check $? "dotnet tool install MtcnnCuda.Tools"
out=$("$work/tools/mtcnn" detect "$repo/src/Tools/samples/faces.jpg" 2>&1)
echo "$out" | head -n 1
echo "$out" | grep -q "400x300, 6 faces"; check $? "installed tool: mtcnn detect finds the 6 faces"
finish
