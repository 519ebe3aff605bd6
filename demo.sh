#!/usr/bin/env bash
# One command on a fresh machine: installs what is needed, builds the CLI and the plug-ins, makes a
# noisy speech sample itself (espeak-ng speech + pink noise and mains hum at 5 dB SNR), denoises it
# with the shipped model, and installs the CLAP, VST3 and LADSPA plug-ins for this user.
#   ./demo.sh            everything above
#   ./demo.sh --no-install   skip installing the plug-ins
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$root"
install=1; [ "${1:-}" = "--no-install" ] && install=0
scripts/install-deps.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build src/Cli/PercepNet.Cli.csproj -c Release --artifacts-path "$root/artifacts/demo" >/dev/null
percepnet() { dotnet "$root/artifacts/demo/bin/PercepNet.Cli/release/percepnet.dll" "$@"; }

out="$root/out/demo"
mkdir -p "$out"
espeak-ng -v en-us -s 150 -w "$out/speech.wav" \
  "Noise suppression should remove the noise and keep the voice. This sentence was spoken by a robot, then mixed with hiss and hum."
dur=$(soxi -D "$out/speech.wav")
sox -n -r 22050 -c 1 "$out/noise.wav" synth "$dur" pinknoise synth "$dur" sine mix 50 gain -n -3
# Scale the noise for 5 dB SNR, then mix (a 48 kHz file exercises no resampling; espeak speaks 22.05 kHz).
speech_rms=$(sox "$out/speech.wav" -n stat 2>&1 | awk '/RMS +amplitude/ {print $3}')
noise_rms=$(sox "$out/noise.wav" -n stat 2>&1 | awk '/RMS +amplitude/ {print $3}')
gain=$(awk -v s="$speech_rms" -v n="$noise_rms" 'BEGIN { print s / n / 10^(5/20) }')
sox -m "$out/speech.wav" -v "$gain" "$out/noise.wav" -r 48000 -b 24 "$out/noisy.wav"

percepnet denoise "$out/noisy.wav" "$out/denoised.wav" --force --json > "$out/report.json"
echo "noisy:    $out/noisy.wav"
echo "denoised: $out/denoised.wav"
cat "$out/report.json"

if [ "$install" = 1 ]; then
  ARTIFACTS="$root/artifacts/plugin" ./build-plugins.sh
  installer/install.sh
fi
