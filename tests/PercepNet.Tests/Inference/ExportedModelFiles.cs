using System.Runtime.CompilerServices;

namespace PercepNet.Tests.Inference;

/// <summary>The trainer's exported models that carry PyTorch reference vectors.</summary>
public enum ExportedModel
{
    /// <summary><c>models/percepnet-full.pnm</c>, the embedded Full model (the plug-ins' "Model: Full").</summary>
    Full,
    /// <summary><c>models/percepnet-light.pnm</c>, the embedded Light model: the default.</summary>
    Light,
    /// <summary>The CI smoke run's tiny model, named by <c>PERCEPNET_SMOKE_MODEL</c> (test.sh, training/smoke_test.sh).</summary>
    Smoke,
    /// <summary>A float32 (version 2) export with float reference vectors: <c>PERCEPNET_FLOAT_MODEL</c> when set (e.g.
    /// training/compare_float_int8.sh's float.pnm), else the committed <c>Fixtures/smoke-float.pnm</c>, a smoke-run
    /// checkpoint exported with <c>export.py --float-out Fixtures/smoke-float.pnm --ref-frames 100</c>.</summary>
    Float,
}

/// <summary>Where an exported model and its reference vectors live: the model, with <c>.ref</c> (lookahead 1),
/// <c>.L0.ref</c> and <c>.L2.ref</c> beside it (training/percepnet_train/export.py).</summary>
internal static class ExportedModelFiles
{
    public const string SmokeModelVariable = "PERCEPNET_SMOKE_MODEL";
    public const string FloatModelVariable = "PERCEPNET_FLOAT_MODEL";

    public static string ModelPath(ExportedModel model) => model switch
    {
        ExportedModel.Smoke => Environment.GetEnvironmentVariable(SmokeModelVariable) is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : $"(${SmokeModelVariable} not set)",
        ExportedModel.Float => Environment.GetEnvironmentVariable(FloatModelVariable) is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : Path.Combine(RepositoryRoot(), "tests", "PercepNet.Tests", "Inference", "Fixtures", "smoke-float.pnm"),
        ExportedModel.Light => Path.Combine(RepositoryRoot(), "models", "percepnet-light.pnm"),
        _ => Path.Combine(RepositoryRoot(), "models", "percepnet-full.pnm"),
    };

    public static string ReferencePath(ExportedModel model, int lookahead) =>
        lookahead == 1 ? $"{ModelPath(model)}.ref" : $"{ModelPath(model)}.L{lookahead}.ref";

    public static IEnumerable<string> AllPaths(ExportedModel model) =>
        [ModelPath(model), ReferencePath(model, 0), ReferencePath(model, 1), ReferencePath(model, 2)];

    // The tests may build into an artifacts folder anywhere on disk, so the repository is found from this source
    // file's compile-time path, or else from the working directory upwards (a path-mapped CI build).
    internal static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        var fromSource = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile) ?? ".", "..", "..", ".."));
        var candidates = new List<string> { fromSource };
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            candidates.Add(dir.FullName);
        return candidates.FirstOrDefault(dir => File.Exists(Path.Combine(dir, "models", "FORMAT.md"))) ?? fromSource;
    }
}

/// <summary>A theory reported as skipped, naming the missing files, until the trainer has exported the model.</summary>
public sealed class RequiresExportedModelTheoryAttribute : TheoryAttribute
{
    public RequiresExportedModelTheoryAttribute(ExportedModel model)
    {
        var missing = ExportedModelFiles.AllPaths(model).Where(path => !File.Exists(path)).ToList();
        if (missing.Count > 0)
            Skip = $"no exported {model} model: {string.Join(", ", missing)} missing (training/percepnet_train/export.py writes them)";
    }
}
