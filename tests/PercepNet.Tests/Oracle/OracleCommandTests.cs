using PercepNet.Cli;
using PercepNet.Cli.Oracle;

namespace PercepNet.Tests.Oracle;

/// <summary>`percepnet oracle` reports expected failures as a message and an exit code (docs/CLI.md), never as an
/// internal error, and writes nothing when it fails.</summary>
public class OracleCommandTests
{
    [Fact]
    public void An_unknown_pitch_source_is_a_usage_error()
    {
        string dir = Path.Combine(Path.GetTempPath(), "pn-oracle-" + Guid.NewGuid().ToString("N"));
        // The option is refused while parsing, before the data folder is read: none is needed.
        int rc = OracleCommand.Run(["--dev-ladder", Path.Combine(dir, "data"), "--mixtures", "1", "--pitch", "sideways", "--write", dir]);
        Assert.Equal((int)ExitCode.Usage, rc);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void A_missing_input_is_an_input_error_and_creates_no_output_folder()
    {
        string dir = Path.Combine(Path.GetTempPath(), "pn-oracle-" + Guid.NewGuid().ToString("N"));
        string missing = Path.Combine(dir, "missing.wav");
        int rc = OracleCommand.Run(["--clean", missing, "--noisy", missing, "--out", Path.Combine(dir, "out")]);
        Assert.Equal((int)ExitCode.InputError, rc);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void A_model_file_that_cannot_be_read_is_a_model_error_not_an_internal_error()
    {
        string dir = Path.Combine(Path.GetTempPath(), "pn-oracle-" + Guid.NewGuid().ToString("N"));
        int rc = OracleCommand.Run(["--dev-ladder", Path.Combine(dir, "data"), "--model", Path.Combine(dir, "missing.pnm"),
            "--write", Path.Combine(dir, "out")]);
        Assert.Equal((int)ExitCode.ModelError, rc);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void The_built_in_model_names_are_taken_as_denoise_takes_them()
    {
        // "light" was read as a file name (an internal error); now the model loads and the run goes on to the
        // missing data folder, an input error.
        string dir = Path.Combine(Path.GetTempPath(), "pn-oracle-" + Guid.NewGuid().ToString("N"));
        int rc = OracleCommand.Run(["--dev-ladder", Path.Combine(dir, "data"), "--model", "light", "--mixtures", "1"]);
        Assert.Equal((int)ExitCode.InputError, rc);
        Assert.False(Directory.Exists(dir));
    }
}
