#!/bin/sh
# Does this CPU run plug-ins compiled for an x64 instruction-set level (the ISA file ./build-plugins.sh writes
# into dist/)? A NativeAOT binary checks at start-up that the CPU has every instruction set it was compiled for
# and otherwise stops the whole process it lives in ("The required instruction sets are not supported by the
# current CPU."; dotnet/runtime: DetectCPUFeatures in the NativeAOT start-up, which reads CPUID through
# minipal_getcpufeatures). A plug-in lives in someone else's host, so the installers ask the same question first.
#
#   installer/cpu-check.sh LEVEL    exit 0 when this CPU runs LEVEL (x86-64-v2, x86-64-v3, x86-64-v4); otherwise
#                                   name what is missing, give the rebuild advice and exit 1
#   installer/cpu-check.sh --best   print the highest level this CPU runs (./build-plugins.sh's default)
#
# What each level needs: the instruction sets .NET 10 compiles for at that IlcInstructionSet and that the runtime's
# start-up check requires, which are the x86-64 psABI levels: v2 = SSE3 SSSE3 SSE4.1 SSE4.2 POPCNT; v3 adds AVX AVX2
# BMI1 BMI2 F16C FMA LZCNT MOVBE (the runtime tests these together as its AVX2 group), with the OS saving the AVX
# registers; v4 adds AVX512F/BW/CD/DQ/VL, with the OS saving the AVX-512 registers.
#
# What the CPU has comes from CPUID, as the runtime reads it, never from a flag list when CPUID can be had: glibc's
# dynamic loader prints the CPUID words it read, with the OS's register-state support folded in
# (`ld.so --list-diagnostics`, glibc 2.33 and later: Debian 12, Ubuntu 22.04, Fedora 34, RHEL 9). /proc/cpuinfo is
# only the fallback (older glibc, musl): it is the kernel's, or a sandbox's, rendering of CPUID and can leave out a
# set the CPU has; the machine of issue 19 listed no `abm` (Linux's name for LZCNT, CPUID 0x80000001 ECX bit 5)
# yet ran x86-64-v3 binaries.
#
# To check saved data instead (tests; another machine): CPU_CHECK_DIAGNOSTICS=FILE, a saved
# `/lib64/ld-linux-x86-64.so.2 --list-diagnostics` (an empty file: no loader information), and
# CPU_CHECK_CPUINFO=FILE, a saved /proc/cpuinfo.
#
# installer/build-deb.sh copies this file into the .deb as its preinst, with fixed_level set to dist/ISA.
fixed_level=
level=${fixed_level:-${1:-x86-64-v2}}

# One instruction set per row: the runtime's name; where CPUID has it, as glibc's diagnostics index it
# (features[0x0] = leaf 1, [0x1] = leaf 7 sub-leaf 0, [0x2] = leaf 0x80000001; register 0x1 = EBX, 0x2 = ECX)
# and its bit; the name Linux's /proc/cpuinfo gives it.
instruction_sets() {
  cat <<'TABLE'
SSE3     0x0 0x2  0 pni
SSSE3    0x0 0x2  9 ssse3
SSE4.1   0x0 0x2 19 sse4_1
SSE4.2   0x0 0x2 20 sse4_2
POPCNT   0x0 0x2 23 popcnt
AVX      0x0 0x2 28 avx
FMA      0x0 0x2 12 fma
MOVBE    0x0 0x2 22 movbe
F16C     0x0 0x2 29 f16c
BMI1     0x1 0x1  3 bmi1
AVX2     0x1 0x1  5 avx2
BMI2     0x1 0x1  8 bmi2
LZCNT    0x2 0x2  5 abm
AVX512F  0x1 0x1 16 avx512f
AVX512DQ 0x1 0x1 17 avx512dq
AVX512CD 0x1 0x1 28 avx512cd
AVX512BW 0x1 0x1 30 avx512bw
AVX512VL 0x1 0x1 31 avx512vl
TABLE
}

needs() {
  case "$1" in
    x86-64-v2) echo "SSE3 SSSE3 SSE4.1 SSE4.2 POPCNT" ;;
    x86-64-v3) echo "$(needs x86-64-v2) AVX AVX2 BMI1 BMI2 F16C FMA LZCNT MOVBE" ;;
    x86-64-v4) echo "$(needs x86-64-v3) AVX512F AVX512BW AVX512CD AVX512DQ AVX512VL" ;;
  esac
}

testing=${CPU_CHECK_DIAGNOSTICS+yes}${CPU_CHECK_CPUINFO+yes}
if [ -z "$testing" ] && [ "$(uname -m)" != x86_64 ]; then
  [ "$level" = --best ] && echo x86-64-v2
  exit 0   # the x86-64 levels do not apply (an arm64 build has no ISA file)
fi

if [ -n "${CPU_CHECK_DIAGNOSTICS+set}" ]; then
  diagnostics=$(cat "$CPU_CHECK_DIAGNOSTICS")
else
  # The loader's own path is fixed by the x86-64 psABI; tunables could mask features, so none are passed.
  diagnostics=$(env -u GLIBC_TUNABLES /lib64/ld-linux-x86-64.so.2 --list-diagnostics 2>/dev/null || true)
fi
cpuid_words=$(printf '%s\n' "$diagnostics" | grep '^x86\.cpu_features\.features\[0x[0-9a-f]*\]\.active\[' || true)
if [ -n "$cpuid_words" ]; then
  source="CPUID, as glibc's loader read it"
else
  source="/proc/cpuinfo, as no glibc loader here prints CPUID; Linux lists LZCNT as abm"
  flags=" $(grep -m1 '^flags' "${CPU_CHECK_CPUINFO:-/proc/cpuinfo}" 2>/dev/null | cut -d: -f2) "
fi

# The instruction sets this CPU offers, one per line.
offered() {
  instruction_sets | while read -r name leaf register bit kernel_name; do
    if [ -n "$cpuid_words" ]; then
      word=$(printf '%s\n' "$cpuid_words" | sed -n "s/^x86\.cpu_features\.features\[$leaf\]\.active\[$register\]=//p")
      [ -n "$word" ] && [ $(( (word >> bit) & 1 )) = 1 ] && echo "$name"
    else
      # Some emulators print lzcnt where Linux prints abm.
      case "$flags" in *" $kernel_name "*) echo "$name" ;; *) [ "$name" = LZCNT ] && case "$flags" in *" lzcnt "*) echo "$name" ;; esac ;; esac
    fi
  done
  return 0
}
have=" $(offered | tr '\n' ' ') "

missing_for() {
  missing=""
  for set in $(needs "$1"); do
    case "$have" in *" $set "*) ;; *) missing="$missing $set" ;; esac
  done
  echo "$missing"
}

if [ "$level" = --best ]; then
  for candidate in x86-64-v4 x86-64-v3; do
    [ -z "$(missing_for $candidate)" ] && { echo $candidate; exit 0; }
  done
  echo x86-64-v2   # the lowest level the plug-in is built for
  exit 0
fi

[ -n "$(needs "$level")" ] || exit 0   # a level this script does not know: nothing to hold against the CPU
missing=$(missing_for "$level")
[ -z "$missing" ] && exit 0
echo "this CPU lacks$missing, which plug-ins built for $level need (read from $source);" >&2
echo "a host loading them would be stopped by the .NET runtime. Build them for this CPU from the source repository:" >&2
echo "./build-plugins.sh builds for the best level the building CPU runs, or name one: ./build-plugins.sh --isa x86-64-v2 (a slower network path)." >&2
exit 1
