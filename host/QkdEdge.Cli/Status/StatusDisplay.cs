using QkdEdge.Station.Status;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace QkdEdge.Cli.Status;

/// <summary>
/// Shows the status of one or more stations while their work runs: a live Spectre.Console view on a
/// terminal, plain log lines otherwise (<see cref="Choose"/>).
/// </summary>
internal static class StatusDisplay
{
    /// <summary>Four redraws a second: smooth enough for a progress bar, cheap for the machine.</summary>
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Log lines kept under the live panels.</summary>
    private const int LogLines = 8;

    /// <summary>Live only when writing to the process's own terminal and not asked for plain lines or JSON.</summary>
    public static StatusMode Choose(TextWriter output, bool plain) =>
        !plain && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? StatusMode.Live : StatusMode.Plain;

    public static async Task<T> RunAsync<T>(StatusMode mode, IReadOnlyList<StatusTracker> trackers, TextWriter logOutput, Func<Task<T>> work)
    {
        if (mode == StatusMode.Plain)
        {
            using var log = new PlainStatusLog(logOutput, trackers);
            return await work().ConfigureAwait(false);
        }

        var recent = new Queue<StationLogEntry>();
        foreach (var tracker in trackers)
        {
            string role = tracker.Snapshot().Role.ToString().ToLowerInvariant();
            tracker.Logged += entry =>
            {
                lock (recent)
                {
                    recent.Enqueue(entry with { Message = $"{role}: {entry.Message}" });
                    while (recent.Count > LogLines)
                        recent.Dequeue();
                }
            };
        }

        var task = work();
        await AnsiConsole.Live(Render(trackers, recent)).AutoClear(false).Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async context =>
            {
                while (!task.IsCompleted)
                {
                    context.UpdateTarget(Render(trackers, recent));
                    await Task.WhenAny(task, Task.Delay(RefreshInterval)).ConfigureAwait(false);
                }

                context.UpdateTarget(Render(trackers, recent));
            }).ConfigureAwait(false);
        return await task.ConfigureAwait(false);
    }

    private static IRenderable Render(IReadOnlyList<StatusTracker> trackers, Queue<StationLogEntry> recent)
    {
        var rows = trackers.Select(t => StatusPanel.Render(t.Snapshot())).ToList();
        string[] lines;
        lock (recent)
            lines = recent.Select(e => $"[grey]{e.At.LocalDateTime:HH:mm:ss}[/] {Colour(e.Level)}{Markup.Escape(e.Message)}[/]").ToArray();
        rows.Add(new Panel(new Markup(lines.Length == 0 ? "[grey]-[/]" : string.Join('\n', lines))) { Header = new PanelHeader("log"), Border = BoxBorder.Rounded, Expand = true });
        return new Rows(rows);
    }

    private static string Colour(StationLogLevel level) => level switch
    {
        StationLogLevel.Error => "[red]",
        StationLogLevel.Warning => "[yellow]",
        _ => "[default]",
    };
}
