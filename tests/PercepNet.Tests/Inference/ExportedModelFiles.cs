using System.Runtime.CompilerServices;

namespace PercepNet.Tests.Inference;

/// <summary>Where the trainer's exported model and reference vectors live: <c>models/percepnet-default.pnm</c> with
/// <c>.ref</c> (lookahead 1), <c>.L0.ref</c> and <c>.L2.ref</c> beside it (training/percepnet_train/export.py), or the
/// model named by <c>PERCEPNET_TEST_MODEL</c> (the CI smoke run's tiny model).</summary>
internal static class ExportedModelFiles
{
    public const string EnvironmentVariable = "PERCEPNET_TEST_MODEL";

    public static string ModelPath =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : Path.Combine(RepositoryRoot(), "models", "percepnet-default.pnm");

    public static string ReferencePath(int lookahead) => lookahead == 1 ? $"{ModelPath}.ref" : $"{ModelPath}.L{lookahead}.ref";

    public static IEnumerable<string> AllPaths => [ModelPath, ReferencePath(0), ReferencePath(1), ReferencePath(2)];

    // The tests may build into an artifacts folder anywhere on disk, so the repository is found from this source
    // file's compile-time path, or else from the working directory upwards (a path-mapped CI build).
    private static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        var fromSource = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile) ?? ".", "..", "..", ".."));
        var candidates = new List<string> { fromSource };
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            candidates.Add(dir.FullName);
        return candidates.FirstOrDefault(dir => File.Exists(Path.Combine(dir, "models", "FORMAT.md"))) ?? fromSource;
    }
}

/// <summary>A theory that is reported as skipped, with the missing path, until the trainer has exported a model.</summary>
public sealed class RequiresExportedModelTheoryAttribute : TheoryAttribute
{
    public RequiresExportedModelTheoryAttribute()
    {
        var missing = ExportedModelFiles.AllPaths.Where(path => !File.Exists(path)).ToList();
        if (missing.Count > 0)
            Skip = $"no exported model: {string.Join(", ", missing)} missing (run training/percepnet_train/export.py or set {ExportedModelFiles.EnvironmentVariable})";
    }
}
