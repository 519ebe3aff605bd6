#!/usr/bin/env bash
# Installs (or removes) the PercepNet plug-ins built by ./build-plugins.sh.
#
#   installer/install.sh                  install for this user: ~/.clap, ~/.vst3, ~/.ladspa
#   installer/install.sh --system         install for everyone:  /usr/lib/clap, /usr/lib/vst3, /usr/lib/ladspa
#   installer/install.sh --pipewire       also add the noise-cancelled microphone to PipeWire (see README.md)
#   installer/install.sh --uninstall [--system]   remove what the matching install put there
#   --from DIR                            take the plug-ins from DIR (default: dist/ next to this folder)
#
# Those are the folders hosts scan by default (CLAP: clap/entry.h search paths; VST3: the
# "Plug-in Locations" of the VST3 module architecture; LADSPA: Debian's /usr/lib/ladspa and
# the user's LADSPA_PATH, which this script tells you to set when needed).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
from="$here/../dist"
system=0
uninstall=0
pipewire=0
while [ $# -gt 0 ]; do
  case "$1" in
    --system) system=1 ;;
    --uninstall) uninstall=1 ;;
    --pipewire) pipewire=1 ;;
    --from) from=$2; shift ;;
    -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ "$system" = 1 ]; then
  clap_dir=/usr/lib/clap
  vst3_dir=/usr/lib/vst3
  ladspa_dir=/usr/lib/ladspa
  pipewire_dir=/etc/pipewire/pipewire.conf.d
else
  clap_dir="$HOME/.clap"
  vst3_dir="$HOME/.vst3"
  ladspa_dir="$HOME/.ladspa"
  pipewire_dir="${XDG_CONFIG_HOME:-$HOME/.config}/pipewire/pipewire.conf.d"
fi

clap_target="$clap_dir/PercepNet.clap"
vst3_target="$vst3_dir/PercepNet.vst3"
ladspa_target="$ladspa_dir/percepnet_ladspa.so"
pipewire_target="$pipewire_dir/percepnet-mic.conf"

if [ "$uninstall" = 1 ]; then
  rm -f "$clap_target" "$ladspa_target" "$pipewire_target"
  rm -rf "$vst3_target"
  echo "removed PercepNet from $clap_dir, $vst3_dir, $ladspa_dir (and $pipewire_target if it was there)"
  exit 0
fi

for f in "$from/PercepNet.clap" "$from/PercepNet.vst3/Contents" "$from/percepnet_ladspa.so"; do
  [ -e "$f" ] || { echo "missing $f: run ./build-plugins.sh first (or pass --from DIR)" >&2; exit 1; }
done

if [ -f "$from/ISA" ]; then
  sh "$here/cpu-check.sh" "$(cat "$from/ISA")" || exit 1
fi

mkdir -p "$clap_dir" "$vst3_dir" "$ladspa_dir"
install -m 0755 "$from/PercepNet.clap" "$clap_target"
# Replace the bundle as a whole so no file of an older version lingers inside it.
rm -rf "$vst3_target.tmp"
cp -R "$from/PercepNet.vst3" "$vst3_target.tmp"
rm -rf "$vst3_target"
mv "$vst3_target.tmp" "$vst3_target"
install -m 0755 "$from/percepnet_ladspa.so" "$ladspa_target"
echo "installed:"
echo "  CLAP   $clap_target"
echo "  VST3   $vst3_target"
echo "  LADSPA $ladspa_target"

if [ "$pipewire" = 1 ]; then
  mkdir -p "$pipewire_dir"
  # The shipped config names the system-wide path; point it at the copy installed here.
  sed "s|/usr/lib/ladspa/percepnet_ladspa.so|$ladspa_target|" "$here/pipewire/percepnet-mic.conf" > "$pipewire_target"
  echo "  PipeWire filter-chain $pipewire_target"
  echo "restart PipeWire to get the \"PercepNet Microphone\" source:  systemctl --user restart pipewire"
fi

if [ "$system" = 0 ]; then
  case ":${LADSPA_PATH:-}:" in
    *":$ladspa_dir:"*) ;;
    *) echo "note: LADSPA hosts find $ladspa_dir only through LADSPA_PATH, e.g. add to ~/.profile:"
       echo "  export LADSPA_PATH=\"$ladspa_dir:/usr/lib/ladspa\"" ;;
  esac
fi
