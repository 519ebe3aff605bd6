using System.Text.RegularExpressions;

namespace PercepNet.HostTests;

/// installer/cpu-check.sh, which install.sh and the .deb's preinst run before installing plug-ins built for an
/// x86-64 level: a NativeAOT binary on a CPU without one of its instruction sets stops the host that loads it, so the
/// check must refuse exactly the CPUs the .NET runtime refuses. Fed saved CPU descriptions of the issue-19 kind of
/// machine (Fixtures/epyc-zen4.*: this AMD EPYC's /proc/cpuinfo and the CPUID words glibc's loader read on it), then
/// the same with an instruction set taken away.
public class CpuCheckTests
{
    static string Fixture(string name) => Path.Combine(PluginBinaries.RepositoryRoot, "tests", "PercepNet.HostTests", "Fixtures", name);

    static readonly string EpycFlags = File.ReadAllText(Fixture("epyc-zen4.cpuinfo"));
    static readonly string EpycCpuid = File.ReadAllText(Fixture("epyc-zen4.ld-diagnostics"));

    /// Runs the check on a saved /proc/cpuinfo and a saved `ld.so --list-diagnostics` ("" = the loader told nothing,
    /// as with glibc before 2.33 or musl, so the flags are all there is).
    static ChildProcess.Result Check(string argument, string cpuinfo, string diagnostics)
    {
        string dir = Directory.CreateTempSubdirectory("percepnet-cpu-check").FullName;
        File.WriteAllText(Path.Combine(dir, "cpuinfo"), cpuinfo);
        File.WriteAllText(Path.Combine(dir, "diagnostics"), diagnostics);
        var environment = new Dictionary<string, string>
        {
            ["CPU_CHECK_CPUINFO"] = Path.Combine(dir, "cpuinfo"),
            ["CPU_CHECK_DIAGNOSTICS"] = Path.Combine(dir, "diagnostics"),
        };
        var result = ChildProcess.Run("sh", [Path.Combine(PluginBinaries.RepositoryRoot, "installer", "cpu-check.sh"), argument], environment);
        Directory.Delete(dir, recursive: true);
        return result;
    }

    static string WithoutFlag(string cpuinfo, string flag, string? instead = null)
    {
        string changed = Regex.Replace(cpuinfo, $" {flag}( |$)", instead == null ? " " : $" {instead} ", RegexOptions.Multiline);
        Assert.NotEqual(cpuinfo, changed);
        return changed;
    }

    /// Clears one bit of a CPUID word as glibc prints it, e.g. features[0x1].active[0x1] bit 5 (leaf 7 EBX: AVX2).
    static string WithoutCpuidBit(string diagnostics, string feature, string register, int bit)
    {
        string key = $"x86.cpu_features.features[{feature}].active[{register}]=";
        string line = diagnostics.Split('\n').Single(l => l.StartsWith(key));
        ulong word = Convert.ToUInt64(line[key.Length..].Trim(), 16);
        Assert.True((word >> bit & 1) == 1, $"{line}: bit {bit} is already clear");
        return diagnostics.Replace(line, $"{key}0x{word & ~(1UL << bit):x}");
    }

    static void AssertRefused(ChildProcess.Result result, string level, string missing)
    {
        Assert.True(result.ExitCode == 1, result.Describe());
        Assert.Contains($"this CPU lacks {missing}, which plug-ins built for {level} need", result.Stderr);
        Assert.Contains("./build-plugins.sh --isa x86-64-v2", result.Stderr);
    }

    [Theory]
    [InlineData("x86-64-v3")]
    [InlineData("x86-64-v4")]
    public void The_epyc_machine_is_accepted_from_its_cpuid_or_from_its_flags_alone(string level)
    {
        var both = Check(level, EpycFlags, EpycCpuid);
        Assert.True(both.ExitCode == 0, both.Describe());
        var flagsOnly = Check(level, EpycFlags, "");
        Assert.True(flagsOnly.ExitCode == 0, flagsOnly.Describe());
    }

    [Fact]
    public void The_issue_19_machine_whose_flags_lack_abm_is_accepted_by_its_cpuid()
    {
        // Its /proc/cpuinfo listed no abm (Linux's name for LZCNT) while x86-64-v3 binaries ran: the runtime reads
        // CPUID, so the check does too whenever glibc's loader can print it (Debian 12 has glibc 2.36).
        var result = Check("x86-64-v3", WithoutFlag(EpycFlags, "abm"), EpycCpuid);
        Assert.True(result.ExitCode == 0, result.Describe());
    }

    [Fact]
    public void An_lzcnt_flag_counts_for_LZCNT_where_abm_is_not_printed()
    {
        var result = Check("x86-64-v3", WithoutFlag(EpycFlags, "abm", instead: "lzcnt"), "");
        Assert.True(result.ExitCode == 0, result.Describe());
    }

    [Fact]
    public void A_cpu_without_AVX2_is_refused_with_the_rebuild_advice()
    {
        AssertRefused(Check("x86-64-v3", WithoutFlag(EpycFlags, "avx2"), ""), "x86-64-v3", "AVX2");
        // CPUID decides over the flags: the same CPU without AVX2 in leaf 7 EBX bit 5, flags untouched.
        AssertRefused(Check("x86-64-v3", EpycFlags, WithoutCpuidBit(EpycCpuid, "0x1", "0x1", 5)), "x86-64-v3", "AVX2");
    }

    [Fact]
    public void A_cpu_without_LZCNT_is_refused_by_its_cpuid_and_by_flags_alone_without_abm()
    {
        // CPUID leaf 0x80000001 ECX bit 5: what the runtime's AVX2 group requires besides AVX2 itself.
        AssertRefused(Check("x86-64-v3", EpycFlags, WithoutCpuidBit(EpycCpuid, "0x2", "0x2", 5)), "x86-64-v3", "LZCNT");
        // With no CPUID words the kernel's list is all there is, and it says LZCNT is absent.
        AssertRefused(Check("x86-64-v3", WithoutFlag(EpycFlags, "abm"), ""), "x86-64-v3", "LZCNT");
    }

    [Fact]
    public void An_avx2_machine_without_AVX_512_is_refused_for_x86_64_v4_only()
    {
        string noAvx512bw = WithoutCpuidBit(EpycCpuid, "0x1", "0x1", 30);
        AssertRefused(Check("x86-64-v4", EpycFlags, noAvx512bw), "x86-64-v4", "AVX512BW");
        var v3 = Check("x86-64-v3", EpycFlags, noAvx512bw);
        Assert.True(v3.ExitCode == 0, v3.Describe());
    }

    [Fact]
    public void Best_level_is_the_highest_one_the_cpu_runs()
    {
        Assert.Equal("x86-64-v4", Check("--best", EpycFlags, EpycCpuid).Stdout.Trim());
        Assert.Equal("x86-64-v3", Check("--best", EpycFlags, WithoutCpuidBit(EpycCpuid, "0x1", "0x1", 30)).Stdout.Trim());
        Assert.Equal("x86-64-v2", Check("--best", EpycFlags, WithoutCpuidBit(EpycCpuid, "0x2", "0x2", 5)).Stdout.Trim());
    }

    [Fact]
    public void This_machine_passes_the_check_for_the_level_its_plugins_were_built_for()
    {
        if (System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture != System.Runtime.InteropServices.Architecture.X64)
            return;   // the x86-64 levels do not apply
        // The other host tests load dist/'s binary on this CPU, so the runtime accepts it here: the check must agree.
        string level = File.ReadAllText(Path.Combine(PluginBinaries.RepositoryRoot, "dist", "ISA")).Trim();
        var result = ChildProcess.Run("sh", [Path.Combine(PluginBinaries.RepositoryRoot, "installer", "cpu-check.sh"), level]);
        Assert.True(result.ExitCode == 0, result.Describe());
    }
}
