using System.CommandLine;
using QkdEdge.Emulator.Board;
using QkdEdge.Emulator.Configuration;
using QkdEdge.Emulator.Links;
using QkdEdge.Emulator.Serial;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Emulator;

/// <summary>
/// <c>qkdedge-emulator run</c>: boards on pseudo-terminals. Prints one line per board,
/// <c>board &lt;name&gt; &lt;port&gt;</c>, then runs until Ctrl-C, or with --rounds until every board has
/// produced that many rounds and the host has read them.
/// </summary>
internal sealed class RunCommand : Command
{
    /// <summary>How often the wait for the host to read the last frames looks at the terminals.</summary>
    private static readonly TimeSpan DrainPoll = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// How long a finished run waits for hosts that keep their ports open after the last frame. A host that reads
    /// to the end closes its port at once, so this only delays exit for one that keeps it open; 2 s was too short
    /// for a host still reading on a loaded machine (a CI run failed with "the port is closed" once more).
    /// </summary>
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(15);

    public RunCommand()
        : base("run", """
            Run emulated boards, each on a Linux pseudo-terminal that the host opens as a serial port.
            Prints one line per board, "board <name> <port>", then runs until Ctrl-C (or --rounds).
            The host configures and starts each board over the wire, or --autostart does it.

            Examples:
              qkdedge-emulator run
              qkdedge-emulator run --autostart --rounds 1000000 --visibility 0.97 --seed 7
              qkdedge-emulator run --config link.json --model local-key-aiming
            """)
    {
        Configuration.AddTo(this);
        Add(Rounds);
        Add(Autostart);
        SetAction(RunAsync);
    }

    internal ConfigurationOptions Configuration { get; } = new();

    internal Option<long?> Rounds { get; } = new Option<long?>("--rounds", "-n")
    {
        Description = "Stop once every board has produced this many rounds (whole batches) and the host has read them.",
        HelpName = "n",
    }.Positive();

    internal Option<bool> Autostart { get; } = new("--autostart", "-a")
    {
        Description = "Configure and start every board without a host (the host then sees the Acks of those commands).",
    };

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        if (!OperatingSystem.IsLinux())
        {
            await error.WriteLineAsync("qkdedge-emulator run: pseudo-terminals exist on Linux only.");
            return ExitCodes.Unsupported;
        }

        RunPlan plan;
        try
        {
            plan = RunPlan.Create(Configuration.Build(parse, parse.GetValue(Autostart) ? true : null));
        }
        catch (ConfigurationException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return ExitCodes.InvalidConfiguration;
        }

        long? rounds = parse.GetValue(Rounds);
        // The emulation loop runs on a thread of its own: it is CPU-bound and must not hold up the caller.
        return await Task.Factory.StartNew(() => Run(plan, rounds, output, error, cancellation),
            cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private static int Run(RunPlan plan, long? rounds, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        using var harness = BoardHarness.Create(plan, new HarnessOptions
        {
            Links = static _ => EmulatedLink.OverPseudoTerminal(),
            RecordGroundTruth = false,
        });
        foreach (var board in harness.Boards)
            output.WriteLine($"board {board.Name} {board.Link.PortName}");
        output.Flush();

        if (rounds is { } limit)
        {
            foreach (var board in harness.Boards)
                board.RoundLimit = limit;
        }

        using var pump = new HarnessPump(harness);
        // Ctrl-C must also free an emulation thread that waits for a host which stopped reading.
        using var abort = cancellation.Register(() =>
        {
            foreach (var board in harness.Boards)
                board.Link.Abort();
        });
        try
        {
            pump.Run(cancellation, rounds is { } n ? h => h.Boards.All(b => b.RoundsCompleted >= n || b.State == RunState.Halted) : null);
            if (rounds is not null)
                WaitUntilRead(harness, cancellation);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            error.WriteLine($"qkdedge-emulator run: the emulation failed: {ex.Message}");
            error.WriteLine(harness.Describe());
            return ExitCodes.EmulationFailed;
        }

        error.WriteLine(harness.Describe());
        return ExitCodes.Success;
    }

    /// <summary>
    /// Keeps the boards answering while the host reads the last frames: closing a terminal would
    /// discard whatever the host has not read yet. The terminal moves written bytes to the host's side
    /// asynchronously, so "nothing pending" must hold for a few polls in a row. Even then bytes can still
    /// be on their way (the kernel pushes them to the host's side from a worker, which falls behind on a
    /// loaded machine: a test host reading while other test processes ran got "the port is closed"
    /// with rounds still missing), so the run then also waits until every host has closed its port, or
    /// <see cref="Linger"/> has passed for a host that keeps it open.
    /// </summary>
    private static void WaitUntilRead(BoardHarness harness, CancellationToken cancellation)
    {
        const int quietPollsNeeded = 3;
        int quietPolls = 0;
        while (!cancellation.IsCancellationRequested && quietPolls < quietPollsNeeded)
        {
            bool read = harness.Boards.All(b => b.Link.IsDrained && PseudoTerminalBacklog.PendingBytes(b.Link.PortName!) <= 0); // -1: cannot tell, trust the pump
            quietPolls = read ? quietPolls + 1 : 0;
            harness.Cycle();
            Thread.Sleep(DrainPoll);
        }

        var lingerUntil = DateTime.UtcNow + Linger;
        while (!cancellation.IsCancellationRequested && DateTime.UtcNow < lingerUntil && harness.Boards.Any(b => b.Link.PortClosedByHost == false))
        {
            harness.Cycle();
            Thread.Sleep(DrainPoll);
        }
    }
}
