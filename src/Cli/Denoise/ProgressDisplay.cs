using Spectre.Console;

namespace PercepNet.Cli.Denoise;

/// <summary>
/// Progress bars on stderr through Spectre.Console, one per file in flight; nothing at all when stderr is not a
/// terminal (pipes, CI logs, cron), so machine-read output stays clean.
/// </summary>
public sealed class ProgressDisplay
{
    private readonly ProgressContext? _context;
    private readonly Lock _addLock = new(); // files start on several threads; adding tasks is not documented as thread-safe

    private ProgressDisplay(ProgressContext? context) => _context = context;

    public static bool TerminalAttached => !Console.IsErrorRedirected;

    /// <summary>Runs <paramref name="work"/> with bars shown when <paramref name="enabled"/> and stderr is a terminal.</summary>
    public static T Run<T>(bool enabled, Func<ProgressDisplay, T> work)
    {
        if (!enabled || !TerminalAttached) return work(new ProgressDisplay(null));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context => { result = work(new ProgressDisplay(context)); });
        return result;
    }

    /// <summary>A bar for one file; the callback takes (frames done, total frames).</summary>
    public FileProgress Start(string label)
    {
        if (_context is null) return new FileProgress(null);
        ProgressTask task;
        lock (_addLock) task = _context.AddTask(Markup.Escape(Shorten(label)), maxValue: 1);
        return new FileProgress(task);
    }

    private static string Shorten(string label) => label.Length <= 40 ? label : "…" + label[^39..];

    public sealed class FileProgress(ProgressTask? task)
    {
        public void Report(long done, long total)
        {
            if (task is null || total <= 0) return;
            task.MaxValue = total;
            task.Value = Math.Min(done, total);
        }

        public void Finish()
        {
            if (task is null) return;
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }
}
