using System.Diagnostics;
using PercepNet.HostTest.Hosting;

namespace PercepNet.HostTests;

/// NativeAOT fixes the instruction set when the plug-in is built: at the x64 default (x86-64-v2) every
/// Avx2.IsSupported check compiles to false and the network runs on its 128-bit path, 4-5x slower
/// (bench/README.md). The plug-in is built for x86-64-v3, and dist/ISA tells the installers so.
public class InstructionSetTests
{
    [Fact]
    public void The_plugin_binary_runs_the_network_on_256_bit_integer_multiply_adds()
    {
        if (System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture != System.Runtime.InteropServices.Architecture.X64)
            return;   // the x86-64 levels do not apply (an arm64 build has no ISA file and no ymm registers)
        string binary = PluginFormats.BinaryPath(PluginBinaries.PathOf(PluginFormat.Clap), PluginFormat.Clap);
        var start = new ProcessStartInfo("objdump", ["-d", "--no-show-raw-insn", binary]) { RedirectStandardOutput = true };
        using var objdump = Process.Start(start)!;
        int ymmMultiplyAdds = 0;
        while (objdump.StandardOutput.ReadLine() is { } line)
            if (line.Contains("vpmaddwd") && line.Contains("%ymm")) ymmMultiplyAdds++;
        objdump.WaitForExit();
        Assert.Equal(0, objdump.ExitCode);
        // Avx2FmaKernels.MatVecUnitRange: four rows of vpmaddwd per step. A 128-bit-only build has none.
        Assert.True(ymmMultiplyAdds >= 4, $"{binary}: {ymmMultiplyAdds} vpmaddwd on ymm registers; built without AVX2?");
    }

    [Fact]
    public void Dist_names_the_instruction_set_level_for_the_installers_cpu_check()
    {
        if (System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture != System.Runtime.InteropServices.Architecture.X64)
            return;
        string isaFile = Path.Combine(PluginBinaries.RepositoryRoot, "dist", "ISA");
        Assert.True(File.Exists(isaFile), $"{isaFile} missing: run ./build-plugins.sh");
        // v3 by default; v4 (AVX-512) is a deliberate choice. A lower level would not hold the AVX2 kernels above.
        Assert.Contains(File.ReadAllText(isaFile).Trim(), new[] { "x86-64-v3", "x86-64-v4" });
    }
}
