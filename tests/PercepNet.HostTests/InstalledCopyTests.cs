using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Rendering;

namespace PercepNet.HostTests;

/// installer/install.sh into a scratch HOME, then a fresh harness process loads each installed
/// copy from where hosts look (~/.clap, ~/.vst3, ~/.ladspa) and must render what dist/ renders;
/// --uninstall must remove them again.
public class InstalledCopyTests
{
    [Fact]
    public void Installed_plugins_load_from_the_user_folders_and_uninstall_removes_them()
    {
        string root = PluginBinaries.RepositoryRoot;
        string home = Directory.CreateTempSubdirectory("percepnet-install-home").FullName;
        var environment = new Dictionary<string, string> { ["HOME"] = home };
        string dist = Path.GetDirectoryName(PluginBinaries.PathOf(PluginFormat.Clap))!;
        var install = ChildProcess.Run("bash", [Path.Combine(root, "installer", "install.sh"), "--from", dist], environment);
        Assert.True(install.ExitCode == 0, install.Describe());

        string work = Directory.CreateTempSubdirectory("percepnet-install-render").FullName;
        PlanarAudio input = TestSignals.Speech(seconds: 0.6);
        string inPath = Path.Combine(work, "in.wav");
        input.Write(inPath);
        var installed = new Dictionary<PluginFormat, string?>
        {
            [PluginFormat.Clap] = PluginBinaries.Find(Path.Combine(home, ".clap"), PluginFormat.Clap),
            [PluginFormat.Vst3] = PluginBinaries.Find(Path.Combine(home, ".vst3"), PluginFormat.Vst3),
            [PluginFormat.Ladspa] = PluginBinaries.Find(Path.Combine(home, ".ladspa"), PluginFormat.Ladspa),
        };
        foreach (var (format, path) in installed)
        {
            Assert.True(path != null, $"{format}: nothing installed under {home}:\n{install.Describe()}");
            string outPath = Path.Combine(work, $"{format}.wav");
            var render = ChildProcess.Harness(["render", "--plugin", path!, "--format", format.ToString().ToLowerInvariant(),
                "--block", "512", inPath, outPath], environment);
            Assert.True(render.ExitCode == 0, render.Describe());
            RenderResult fromDist = HostedRender.Run(format, input, BlockSizeSequence.Fixed(512));
            AudioAssert.Close(fromDist.Aligned, PlanarAudio.Read(outPath).Channels, 1e-6f, $"installed {format} vs dist");
        }

        var uninstall = ChildProcess.Run("bash", [Path.Combine(root, "installer", "install.sh"), "--uninstall"], environment);
        Assert.True(uninstall.ExitCode == 0, uninstall.Describe());
        foreach (var (format, path) in installed)
            Assert.False(File.Exists(PluginFormats.BinaryPath(path!, format)), $"{format} still installed after --uninstall");
    }
}
