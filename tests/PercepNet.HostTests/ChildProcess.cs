using System.Diagnostics;

namespace PercepNet.HostTests;

/// Runs a tool and captures its output; a timeout kills only the process we started.
public static class ChildProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Describe() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    public static Result Run(string file, IEnumerable<string> args, IDictionary<string, string>? environment = null, int timeoutSeconds = 120)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) info.ArgumentList.Add(a);
        if (environment != null) foreach (var (k, v) in environment) info.Environment[k] = v;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill();
            throw new TimeoutException($"{file} did not finish in {timeoutSeconds} s");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// The harness executable next to the test assembly, run through the same dotnet.
    public static Result Harness(IEnumerable<string> args, IDictionary<string, string>? environment = null) =>
        Run(DotnetPath, [Path.Combine(AppContext.BaseDirectory, "percepnet-host.dll"), .. args], environment);

    static string DotnetPath => Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";

    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    public static string Value(string output, string key) =>
        output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(key + " "))?[(key.Length + 1)..]
        ?? throw new Xunit.Sdk.XunitException($"no '{key}' in output:\n{output}");
}
