#!/usr/bin/env bash
# Builds the plug-in binary with NativeAOT and lays out the installable bundles in dist/:
#
#   dist/PercepNet.clap                                        CLAP (a single file)
#   dist/PercepNet.vst3/Contents/x86_64-linux/PercepNet.so     VST3 bundle
#   dist/PercepNet.vst3/Contents/Resources/moduleinfo.json
#   dist/percepnet_ladspa.so                                   LADSPA (PipeWire filter-chain, OBS)
#
# All three are the same shared library: each format looks up its own entry symbol
# (clap_entry; GetPluginFactory/ModuleEntry/ModuleExit; ladspa_descriptor), so one NativeAOT
# publish serves them all. The shipped model is embedded in it: no other file is needed.
#
# Usage: ./build-plugins.sh [--no-publish] [--rid linux-x64|linux-arm64] [--isa LEVEL]
#   --no-publish   lay out dist/ from the last publish (NativeAOT publishes are slow)
#   --isa LEVEL    x64 instruction set the binary is compiled for. Default: the best level this machine runs
#                  (installer/cpu-check.sh --best), so that a plug-in built here runs here. x86-64-v3 (AVX2 + FMA,
#                  which the network's fast kernels need) for plug-ins meant for other machines; x86-64-v2 for
#                  older CPUs, 4-5x slower; x86-64-v4 adds AVX-512 (the network's Avx512 path).
# Environment: ARTIFACTS (default: artifacts/plugin under the repo) is passed to
#   dotnet publish --artifacts-path so parallel builds never share output folders.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
rid=linux-x64
publish=1
isa=
isa_given=0
while [ $# -gt 0 ]; do
  case "$1" in
    --no-publish) publish=0 ;;
    --rid) rid=$2; shift ;;
    --isa) isa=$2; isa_given=1; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
artifacts=${ARTIFACTS:-$root/artifacts/plugin}

case "$rid" in
  linux-x64) vst3_arch=x86_64-linux ;;
  linux-arm64) vst3_arch=aarch64-linux ;;
  *) echo "unsupported RID for the Linux layout: $rid (see installer/README.md for Windows/macOS)" >&2; exit 2 ;;
esac

if [ "$publish" = 1 ] && [ "$rid" = linux-x64 ]; then
  if [ "$isa_given" = 0 ]; then
    if [ "$(uname -m)" = x86_64 ]; then
      isa=$(sh "$root/installer/cpu-check.sh" --best)
      echo "instruction set: $isa, the best this machine runs (--isa x86-64-v3 for plug-ins meant for other machines)" >&2
    else
      isa=x86-64-v3   # built on another architecture: the level the project ships
      echo "instruction set: $isa (cross build; --isa chooses)" >&2
    fi
  else
    echo "instruction set: $isa (--isa)" >&2
  fi
fi
if [ "$publish" = 1 ]; then
  dotnet publish "$root/src/Plugin/PercepNet.Plugin.csproj" -c Release -r "$rid" --artifacts-path "$artifacts" \
    ${isa:+-p:PluginInstructionSet="$isa"}
  # Recorded beside the binary, so that a later --no-publish layout copies the level it was built for.
  isa_file="$artifacts/publish/PercepNet.Plugin/release_$rid/ISA"
  if [ "$rid" = linux-x64 ]; then echo "$isa" > "$isa_file"; else rm -f "$isa_file"; fi
elif [ "$isa_given" = 1 ]; then
  echo "--isa needs a publish: it cannot change a binary already built (drop --no-publish)" >&2; exit 2
fi
so="$artifacts/publish/PercepNet.Plugin/release_$rid/PercepNet.so"
[ -f "$so" ] || { echo "no published binary at $so" >&2; exit 1; }

# Every format's entry symbol must be exported, or hosts silently skip the file.
missing=""
for symbol in clap_entry GetPluginFactory ModuleEntry ModuleExit ladspa_descriptor; do
  nm -D --defined-only "$so" | grep -qE " $symbol(@|$)" || missing="$missing $symbol"
done
[ -z "$missing" ] || { echo "exports missing from $so:$missing" >&2; exit 1; }

dist="$root/dist"
rm -rf "$dist/PercepNet.clap" "$dist/PercepNet.vst3" "$dist/percepnet_ladspa.so"
mkdir -p "$dist/PercepNet.vst3/Contents/$vst3_arch" "$dist/PercepNet.vst3/Contents/Resources"
install -m 0755 "$so" "$dist/PercepNet.clap"
install -m 0755 "$so" "$dist/PercepNet.vst3/Contents/$vst3_arch/PercepNet.so"
install -m 0644 "$root/src/Plugin/Shells/Vst3/moduleinfo.json" "$dist/PercepNet.vst3/Contents/Resources/moduleinfo.json"
install -m 0755 "$so" "$dist/percepnet_ladspa.so"
# The instruction-set level the binary needs, for the installers' CPU check (installer/cpu-check.sh).
if [ -f "$(dirname "$so")/ISA" ]; then cp "$(dirname "$so")/ISA" "$dist/ISA"; else rm -f "$dist/ISA"; fi

echo "dist/ ready:"
[ -f "$dist/ISA" ] && echo "  instruction set $(cat "$dist/ISA") (dist/ISA; the installers check the CPU for it)"
(cd "$dist" && find PercepNet.clap PercepNet.vst3 percepnet_ladspa.so -type f | sort)
