using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using QkdEdge.Emulator.Bench;
using QkdEdge.Emulator.Configuration;

namespace QkdEdge.Emulator;

/// <summary>
/// <c>qkdedge-emulator bench</c>: the fast in-memory mode's throughput with two boards (firmware
/// cores, shared optics, frame encoding; frames dropped by a discard link), on one thread.
/// </summary>
internal sealed class BenchCommand : Command
{
    public BenchCommand()
        : base("bench", """
            Measure the emulator's rounds per second: boards autostarted on their firmware cores, the
            shared optics model and frame encoding, frames dropped (no transport). One thread.
            "roundsPerSecond" counts pulses measured by every board per wall-clock second;
            "roundsPerCpuSecond" divides by the process's CPU time instead (a busy machine lowers the first only).

            Examples:
              qkdedge-emulator bench
              dotnet run -c Release --project emulator/QkdEdge.Emulator -- bench --json
              qkdedge-emulator bench --rounds 50000000 --visibility 0.95
            """)
    {
        Configuration.AddTo(this);
        Add(Json);
        Add(Rounds);
        Add(Warmup);
        SetAction(Run);
    }

    internal ConfigurationOptions Configuration { get; } = new();

    internal Option<bool> Json { get; } = new("--json") { Description = "Print one JSON object instead of text." };

    internal Option<long> Rounds { get; } = new Option<long>("--rounds", "-n")
    {
        Description = "Rounds per board in the timed part.",
        HelpName = "n",
        DefaultValueFactory = _ => 20_000_000,
    }.Positive();

    internal Option<long> Warmup { get; } = new("--warmup")
    {
        Description = "Rounds per board run before timing starts (JIT, caches).",
        HelpName = "n",
        DefaultValueFactory = _ => 2_000_000,
    };

    private int Run(ParseResult parse)
    {
        var output = parse.InvocationConfiguration.Output;
        EmulatorConfiguration configuration;
        try
        {
            configuration = Configuration.Build(parse, autostart: true);
            RunPlan.Create(configuration);
        }
        catch (ConfigurationException ex)
        {
            parse.InvocationConfiguration.Error.WriteLine(ex.Message);
            return ExitCodes.InvalidConfiguration;
        }

        long warmup = Math.Max(0, parse.GetValue(Warmup));
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var result = ThroughputBench.Run(configuration, parse.GetValue(Rounds), warmup);
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        // The CPU time spans warm-up and timed part; scale it to the timed part's share of the rounds.
        double timedShare = (double)parse.GetValue(Rounds) / (parse.GetValue(Rounds) + warmup);
        double cpuSeconds = cpu.TotalSeconds * timedShare;

        if (parse.GetValue(Json))
        {
            output.WriteLine(JsonSerializer.Serialize(new
            {
                roundsPerSecond = Math.Round(result.RoundsPerSecond),
                roundsPerCpuSecond = Math.Round(result.Pulses / cpuSeconds),
                boardRoundsPerSecond = Math.Round(result.BoardRoundsPerSecond),
                boards = result.Boards,
                rounds = result.Pulses,
                frames = result.Frames,
                bytes = result.Bytes,
                seconds = Math.Round(result.Seconds, 3),
                seed = configuration.Seed,
            }));
        }
        else
        {
            var text = CultureInfo.InvariantCulture;
            output.WriteLine(string.Format(text, "{0:N0} rounds/s ({1:N0} per CPU second; {2} boards, {3:N0} board rounds/s)",
                result.RoundsPerSecond, result.Pulses / cpuSeconds, result.Boards, result.BoardRoundsPerSecond));
            output.WriteLine(string.Format(text, "{0:N0} rounds in {1:F2} s, {2:N0} frames, {3:N0} bytes ({4:F2} bytes per board round)",
                result.Pulses, result.Seconds, result.Frames, result.Bytes, (double)result.Bytes / result.BoardRounds));
        }

        return ExitCodes.Success;
    }
}
