using System.Diagnostics;
using PercepNet.HostTest.Hosting;

namespace PercepNet.HostTests;

/// NativeAOT fixes the instruction set when the plug-in is built: at the x64 default (x86-64-v2) every
/// Avx2.IsSupported check compiles to false and the network runs on its 128-bit path, 4-5x slower
/// (bench/README.md). ./build-plugins.sh builds for the best level the building CPU runs (x86-64-v3 or v4 on any
/// CPU with AVX2), and dist/ISA tells the installers so.
public class InstructionSetTests
{
    static string DistLevel() => File.ReadAllText(Path.Combine(PluginBinaries.RepositoryRoot, "dist", "ISA")).Trim();

    static int MultiplyAddsOn(string binary, string registers)
    {
        var start = new ProcessStartInfo("objdump", ["-d", "--no-show-raw-insn", binary]) { RedirectStandardOutput = true };
        using var objdump = Process.Start(start)!;
        int count = 0;
        while (objdump.StandardOutput.ReadLine() is { } line)
            if (line.Contains("vpmaddwd") && line.Contains(registers)) count++;
        objdump.WaitForExit();
        Assert.Equal(0, objdump.ExitCode);
        return count;
    }

    [Fact]
    public void The_plugin_binary_runs_the_network_on_256_bit_integer_multiply_adds()
    {
        if (System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture != System.Runtime.InteropServices.Architecture.X64)
            return;   // the x86-64 levels do not apply (an arm64 build has no ISA file and no ymm registers)
        if (DistLevel() == "x86-64-v2")
            return;   // built on (or for) a CPU without AVX2: the 128-bit path is all it can have
        string binary = PluginFormats.BinaryPath(PluginBinaries.PathOf(PluginFormat.Clap), PluginFormat.Clap);
        // Avx2FmaKernels.MatVecUnitRange: four rows of vpmaddwd per step. A 128-bit-only build has none.
        int ymm = MultiplyAddsOn(binary, "%ymm");
        Assert.True(ymm >= 4, $"{binary}: {ymm} vpmaddwd on ymm registers; built without AVX2?");
        // x86-64-v4 also compiles the Avx512 path's int8 products on zmm registers.
        if (DistLevel() == "x86-64-v4")
        {
            int zmm = MultiplyAddsOn(binary, "%zmm");
            Assert.True(zmm >= 4, $"{binary}: {zmm} vpmaddwd on zmm registers in an x86-64-v4 build");
        }
    }

    [Fact]
    public void Dist_names_the_instruction_set_level_for_the_installers_cpu_check()
    {
        if (System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture != System.Runtime.InteropServices.Architecture.X64)
            return;
        string isaFile = Path.Combine(PluginBinaries.RepositoryRoot, "dist", "ISA");
        Assert.True(File.Exists(isaFile), $"{isaFile} missing: run ./build-plugins.sh");
        // The best level this CPU runs by default (--isa may name a lower one). Below x86-64-v3 only where the CPU has
        // no AVX2: the AVX2 kernels above need v3.
        string best = ChildProcess.Run("sh", [Path.Combine(PluginBinaries.RepositoryRoot, "installer", "cpu-check.sh"), "--best"]).Stdout.Trim();
        string[] expected = best == "x86-64-v2" ? ["x86-64-v2"] : ["x86-64-v3", "x86-64-v4"];
        Assert.Contains(DistLevel(), expected);
    }
}
