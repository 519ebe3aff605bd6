using Xunit.Abstractions;
using Xunit.Sdk;

namespace PercepNet.HostTests;

/// Writes a line into the test runner's own output (`dotnet test`, so ./test.sh), where a passing test's
/// ITestOutputHelper text never shows: an xunit diagnostic message, which xunit.runner.json turns on. For results a
/// reader of the test log must see whether the test ran or skipped (the PipeWire route's figures, or why it skipped).
public sealed class RunnerLog(IMessageSink sink)
{
    public void WriteLine(string text) => sink.OnMessage(new DiagnosticMessage(text));
}
