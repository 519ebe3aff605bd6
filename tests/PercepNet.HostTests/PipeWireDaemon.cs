using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace PercepNet.HostTests;

/// A PipeWire daemon of the test's own (Debian packages pipewire, pipewire-bin): its own runtime directory, its own
/// config directory holding a minimal daemon config plus whatever drop-ins the test adds (as ~/.config/pipewire/
/// pipewire.conf.d/ holds the user's), no D-Bus, no real-time scheduling, no session manager, no sound card: a
/// timer-driven dummy driver clocks the graph at 48 kHz in real time, as a sound card would. It never touches a
/// user's running PipeWire (other socket).
///
/// Without WirePlumber nobody configures stream ports or links nodes, so this class does the session manager's two
/// jobs by hand: <see cref="SetDspPorts"/> (the PortConfig WirePlumber would set) and <see cref="Link"/>.
public sealed class PipeWireDaemon : IDisposable
{
    public const int Rate = 48000;

    /// 85 ms per graph cycle, fixed. Without real-time priority, on two cores shared with builds, 1024 samples
    /// (21 ms, a desktop's usual quantum) lost whole cycles (xruns); a longer cycle leaves the processes time to be
    /// scheduled. The filter and the plug-in do the same work per sample at any quantum.
    public const int Quantum = 4096;

    static readonly string[] Tools = ["pipewire", "pw-cat", "pw-link", "pw-cli", "pw-dump"];

    readonly string _root;
    readonly Process _daemon;
    readonly StringWriter _log = new();
    readonly List<Process> _clients = [];

    public string RuntimeDirectory { get; }

    /// Why no daemon can run here (a missing tool or module), or null when it may.
    public static string? Unavailable()
    {
        foreach (string tool in Tools)
            if (ChildProcess.FindOnPath(tool) is null) return $"{tool} is not installed (apt-get install pipewire pipewire-bin)";
        string[] moduleDirs = ["/usr/lib/x86_64-linux-gnu/pipewire-0.3", "/usr/lib/aarch64-linux-gnu/pipewire-0.3", "/usr/lib/pipewire-0.3", "/usr/lib64/pipewire-0.3"];
        if (!moduleDirs.Any(d => File.Exists(Path.Combine(d, "libpipewire-module-filter-chain.so"))))
            return "PipeWire's filter-chain module is not installed (libpipewire-0.3-modules)";
        return null;
    }

    /// Starts the daemon with the given drop-in configs (file name → text).
    /// <exception cref="PipeWireUnavailableException">The daemon did not come up; the message holds its log.</exception>
    public PipeWireDaemon(IReadOnlyDictionary<string, string> dropIns)
    {
        _root = Directory.CreateTempSubdirectory("percepnet-pipewire-").FullName;
        RuntimeDirectory = Path.Combine(_root, "run");
        string config = Path.Combine(_root, "config");
        Directory.CreateDirectory(RuntimeDirectory);
        Directory.CreateDirectory(Path.Combine(config, "pipewire.conf.d"));
        File.WriteAllText(Path.Combine(config, "pipewire.conf"), DaemonConfig);
        foreach (var (name, text) in dropIns) File.WriteAllText(Path.Combine(config, "pipewire.conf.d", name), text);

        var info = Start("pipewire", []);
        // Only the daemon reads this config directory; clients (pw-cat, pw-link) keep the system's client.conf.
        info.Environment["PIPEWIRE_CONFIG_DIR"] = config;
        _daemon = Process.Start(info) ?? throw new PipeWireUnavailableException("cannot start pipewire");
        _daemon.OutputDataReceived += (_, e) => { if (e.Data != null) lock (_log) _log.WriteLine(e.Data); };
        _daemon.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_log) _log.WriteLine(e.Data); };
        _daemon.BeginOutputReadLine();
        _daemon.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!File.Exists(Path.Combine(RuntimeDirectory, "pipewire-0")))
        {
            if (_daemon.HasExited || DateTime.UtcNow > deadline)
            {
                string why = _daemon.HasExited ? $"exited with {_daemon.ExitCode}" : "opened no socket in 15 s";
                Dispose();
                throw new PipeWireUnavailableException($"the PipeWire daemon {why}:\n{Log}");
            }
            Thread.Sleep(50);
        }
    }

    public string Log { get { lock (_log) return _log.ToString(); } }

    // The modules a graph without a session manager needs (cf. /usr/share/pipewire/minimal.conf) and a dummy driver:
    // the timer that clocks the graph where there is no sound card. module-access grants the test's clients access.
    // (A freewheeling driver, no timer at all, was tried: pw-cat's and the filter-chain's streams then lost buffers.)
    static readonly string DaemonConfig = $$"""
        context.properties = {
            core.daemon = true
            core.name = pipewire-0
            support.dbus = false
            default.clock.rate = {{Rate}}
            default.clock.allowed-rates = [ {{Rate}} ]
            default.clock.quantum = {{Quantum}}
            default.clock.min-quantum = {{Quantum}}
            default.clock.max-quantum = {{Quantum}}
        }
        context.spa-libs = {
            audio.convert.* = audioconvert/libspa-audioconvert
            support.*       = support/libspa-support
        }
        context.modules = [
            { name = libpipewire-module-protocol-native }
            { name = libpipewire-module-access }
            { name = libpipewire-module-metadata }
            { name = libpipewire-module-spa-node-factory }
            { name = libpipewire-module-client-node }
            { name = libpipewire-module-adapter }
            { name = libpipewire-module-link-factory }
        ]
        context.objects = [
            { factory = spa-node-factory
                args = { factory.name = support.node.driver node.name = Dummy-Driver priority.driver = 20000 } }
        ]
        """;

    // Every process of ours talks to this daemon's socket only (PIPEWIRE_REMOTE, if set, would name another).
    Dictionary<string, string> ClientEnvironment => new()
    {
        ["XDG_RUNTIME_DIR"] = RuntimeDirectory, ["PIPEWIRE_RUNTIME_DIR"] = RuntimeDirectory,
        ["PIPEWIRE_REMOTE"] = "pipewire-0", ["PIPEWIRE_LOG_SYSTEMD"] = "false",
    };

    ProcessStartInfo Start(string tool, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in ClientEnvironment) info.Environment[k] = v;
        return info;
    }

    /// Runs a PipeWire tool against this daemon to completion.
    public ChildProcess.Result Run(string tool, params string[] args) =>
        ChildProcess.Run(tool, args, ClientEnvironment, timeoutSeconds: 30);

    /// Starts a long-running client (pw-cat); it is stopped with the daemon at the latest.
    public Process StartClient(string tool, params string[] args)
    {
        var process = Process.Start(Start(tool, args)) ?? throw new InvalidOperationException($"cannot start {tool}");
        _clients.Add(process);
        // Drained into the log, so a chatty client never blocks on a full pipe.
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (_log) _log.WriteLine($"{tool}: {e.Data}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_log) _log.WriteLine($"{tool}: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// The id of the node named <paramref name="nodeName"/>, waiting up to 10 s for it to appear.
    public int WaitForNode(string nodeName)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var dump = Run("pw-dump");
            if (dump.ExitCode == 0 && dump.Stdout.TrimStart().StartsWith('['))
                foreach (var o in JsonDocument.Parse(dump.Stdout).RootElement.EnumerateArray())
                    if (o.GetProperty("type").GetString() == "PipeWire:Interface:Node"
                        && o.TryGetProperty("info", out var i) && i.TryGetProperty("props", out var p)
                        && p.TryGetProperty("node.name", out var n) && n.GetString() == nodeName)
                        return o.GetProperty("id").GetInt32();
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"no PipeWire node '{nodeName}' after 10 s\n{dump.Describe()}\ndaemon log:\n{Log}");
            Thread.Sleep(100);
        }
    }

    /// What WirePlumber does for every stream: split it into one float port per channel ("DSP" ports), which pw-link
    /// can then connect. Positions are PipeWire's channel names (MONO, FL, FR).
    public void SetDspPorts(int nodeId, bool output, params string[] positions)
    {
        string config = $$"""{ "direction": "{{(output ? "Output" : "Input")}}", "mode": "dsp", "format": { "mediaType": "audio", "mediaSubtype": "raw", "format": "F32P", "rate": {{Rate}}, "channels": {{positions.Length}}, "position": [ {{string.Join(", ", positions.Select(p => $"\"{p}\""))}} ] } }""";
        var run = Run("pw-cli", "set-param", nodeId.ToString(), "PortConfig", config);
        Assert.True(run.ExitCode == 0, $"pw-cli set-param {nodeId} PortConfig failed:\n{run.Describe()}");
    }

    /// Links two ports ("node.name:port.name"), waiting up to 5 s for the ports to exist.
    public void Link(string outputPort, string inputPort)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var run = Run("pw-link", outputPort, inputPort);
            if (run.ExitCode == 0) return;
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"pw-link {outputPort} {inputPort} failed:\n{run.Describe()}\n{Run("pw-link", "-l").Stdout}");
            Thread.Sleep(100);
        }
    }

    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int signal);

    /// Stops a client the way Ctrl+C does, so pw-cat finishes its file (a killed pw-cat leaves a WAV header without sizes).
    public static void Interrupt(Process process, int timeoutSeconds = 10)
    {
        const int SIGINT = 2;
        if (!process.HasExited) kill(process.Id, SIGINT);
        if (!process.WaitForExit(timeoutSeconds * 1000)) process.Kill();
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            try { if (!client.HasExited) client.Kill(); } catch (InvalidOperationException) { }
            client.Dispose();
        }
        try
        {
            if (!_daemon.HasExited)
            {
                kill(_daemon.Id, 15); // SIGTERM: PipeWire unloads its modules (and the plug-in) cleanly
                if (!_daemon.WaitForExit(5000)) _daemon.Kill();
            }
        }
        catch (InvalidOperationException) { }
        _daemon.Dispose();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// PipeWire is installed but its daemon cannot run in this environment (a sandbox without what it needs).
public sealed class PipeWireUnavailableException(string message) : Exception(message);
