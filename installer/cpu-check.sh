#!/bin/sh
# Does this CPU run plug-ins compiled for the x64 level given as $1 (the ISA file ./build-plugins.sh
# writes into dist/)? NativeAOT binaries stop their host process when the CPU lacks a required
# instruction, so the installers ask first. Prints what is missing and exits 1; exits 0 otherwise.
#   installer/cpu-check.sh x86-64-v3
level=${1:-x86-64-v2}
case "$level" in
  x86-64-v3) need="avx avx2 bmi1 bmi2 f16c fma movbe abm xsave" ;;
  x86-64-v4) need="avx avx2 bmi1 bmi2 f16c fma movbe abm xsave avx512f avx512bw avx512cd avx512dq avx512vl" ;;
  *) exit 0 ;;
esac
[ "$(uname -m)" = x86_64 ] || exit 0
flags=" $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | cut -d: -f2) "
missing=""
for f in $need; do
  case "$flags" in *" $f "*) ;; *) missing="$missing $f" ;; esac
done
[ -z "$missing" ] && exit 0
echo "this CPU lacks$missing, which plug-ins built for $level need." >&2
echo "Build them for this CPU from the source repository: ./build-plugins.sh --isa x86-64-v2 (a slower network path)." >&2
exit 1
