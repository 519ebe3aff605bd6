#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the demo need (idempotent, quiet when present).
#   sox, flac          decode shared/data FLAC for `percepnet dataset` and the tests
#   libflac12          libFLAC, which `percepnet denoise` binds at run time for FLAC in and out
#   espeak-ng          the demo's built-in speech sample
#   ladspa-sdk         applyplugin/analyseplugin: a third-party LADSPA host in the tests
#   ardour             its VST3 scanner: a third-party VST3 host in the tests
#   pipewire, pipewire-bin   a private PipeWire daemon + pw-cat/pw-link: the OBS route test (filter-chain + LADSPA)
#   zlib1g-dev         NativeAOT linking of the plug-in binary (gcc is the linker driver)
#   python3-torch, python3-numpy, python3-matplotlib, libopenblas0-pthread   training and its CI smoke run
set -euo pipefail
pkgs=(sox flac libflac12 espeak-ng ladspa-sdk ardour pipewire pipewire-bin zlib1g-dev python3-torch python3-numpy python3-matplotlib libopenblas0-pthread)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
