#!/usr/bin/env bash
# Packs the plug-ins from dist/ (./build-plugins.sh) into a Debian package:
#   /usr/lib/clap/PercepNet.clap, /usr/lib/vst3/PercepNet.vst3, /usr/lib/ladspa/percepnet_ladspa.so,
#   /usr/share/doc/percepnet-plugins/{README.md,percepnet-mic.conf}
#
# Usage: installer/build-deb.sh [--from DIR] [--out DIR] [--version X.Y.Z]
# The binary needs only libc and libm (NativeAOT, model embedded), hence the short Depends.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
from="$here/../dist"
out="$here/../dist"
version=$(sed -n 's/.*public const string Version = "\(.*\)";/\1/p' "$here/../src/Plugin/Core/PluginInfo.cs")
while [ $# -gt 0 ]; do
  case "$1" in
    --from) from=$2; shift ;;
    --out) out=$2; shift ;;
    --version) version=$2; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
arch=$(dpkg --print-architecture)
for f in "$from/PercepNet.clap" "$from/PercepNet.vst3/Contents" "$from/percepnet_ladspa.so"; do
  [ -e "$f" ] || { echo "missing $f: run ./build-plugins.sh first" >&2; exit 1; }
done

stage=$(mktemp -d)
chmod 0755 "$stage"
trap 'rm -rf "$stage"' EXIT
install -D -m 0755 "$from/PercepNet.clap" "$stage/usr/lib/clap/PercepNet.clap"
mkdir -p "$stage/usr/lib/vst3"
cp -R "$from/PercepNet.vst3" "$stage/usr/lib/vst3/PercepNet.vst3"
install -D -m 0755 "$from/percepnet_ladspa.so" "$stage/usr/lib/ladspa/percepnet_ladspa.so"
install -D -m 0644 "$here/README.md" "$stage/usr/share/doc/percepnet-plugins/README.md"
install -D -m 0644 "$here/pipewire/percepnet-mic.conf" "$stage/usr/share/doc/percepnet-plugins/percepnet-mic.conf"
installed_kb=$(du -sk "$stage/usr" | cut -f1)

mkdir -p "$stage/DEBIAN"
# Refuse a CPU that lacks the instructions the binary was compiled for (dist/ISA): a NativeAOT plug-in would
# otherwise stop the host that loads it.
if [ -f "$from/ISA" ]; then
  # The whole check, with the level fixed (dpkg passes the preinst "install" or "upgrade", not a level).
  sed "s|^fixed_level=\$|fixed_level=$(cat "$from/ISA")|" "$here/cpu-check.sh" > "$stage/DEBIAN/preinst"
  grep -q "^fixed_level=$(cat "$from/ISA")\$" "$stage/DEBIAN/preinst" || { echo "cpu-check.sh has no fixed_level= line" >&2; exit 1; }
  chmod 0755 "$stage/DEBIAN/preinst"
fi
cat > "$stage/DEBIAN/control" <<CONTROL
Package: percepnet-plugins
Version: $version
Architecture: $arch
Maintainer: PercepNet.Plugin <percepnet-plugin@users.noreply.invalid>
Depends: libc6
Section: sound
Priority: optional
Installed-Size: $installed_kb
Description: PercepNet real-time speech enhancement (CLAP, VST3, LADSPA)
 Removes noise from speech with the PercepNet algorithm (ERB-band gains, pitch
 comb filter, envelope post-filter) in 10 ms hops. Ships CLAP and VST3 plug-ins
 for DAWs and a LADSPA plug-in for PipeWire's filter-chain (an example
 configuration for a noise-cancelled microphone is in the documentation).
CONTROL

mkdir -p "$out"
deb="$out/percepnet-plugins_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$stage" "$deb"
echo "$deb"
