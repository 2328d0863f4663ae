using QkdEdge.Emulator.Configuration;
using QkdEdge.Emulator.Links;

namespace QkdEdge.Emulator.Board;

/// <summary>
/// Two emulated stations on one entangled source, ready for a host in the same process: Alice and Bob
/// each expose an in-memory <see cref="EmulatedLink.HostStream"/> or a pseudo-terminal
/// <see cref="EmulatedLink.PortName"/>, and their <see cref="EmulatedBoard.GroundTruth"/> says what
/// they really produced.
/// </summary>
/// <example>
/// <code>
/// using var pair = EmulatedBoardPair.Create(new EmulatorConfiguration { Seed = 7 });
/// pair.Start();                                   // boards run on virtual time in the background
/// Stream alice = pair.Alice.Link.HostStream;      // the host reads frames and writes commands here
/// ...
/// pair.Stop();
/// GroundTruthColumns truth = pair.Alice.GroundTruth!.Snapshot();
/// </code>
/// </example>
public sealed class EmulatedBoardPair : IDisposable
{
    private readonly HarnessPump _pump;

    private EmulatedBoardPair(BoardHarness harness)
    {
        Harness = harness;
        _pump = new HarnessPump(harness);
    }

    public BoardHarness Harness { get; }

    public EmulatedBoard Alice => Harness.Boards[0];

    public EmulatedBoard Bob => Harness.Boards[1];

    /// <summary>
    /// Builds the pair. <paramref name="configuration"/> defaults to the honest Vazirani-Vidick link;
    /// it must have two boards. In-memory links are bounded (the boards wait for a slow host), since a
    /// pair is meant to run alongside its host (<see cref="Start"/>).
    /// </summary>
    public static EmulatedBoardPair Create(EmulatorConfiguration? configuration = null, LinkKind link = LinkKind.InMemory,
        bool recordGroundTruth = true)
    {
        configuration ??= new EmulatorConfiguration();
        if (configuration.Boards.Length != 2)
            throw new ConfigurationException($"A board pair needs exactly two boards, not {configuration.Boards.Length}.");
        var plan = RunPlan.Create(configuration);
        var harness = BoardHarness.Create(plan, new HarnessOptions
        {
            Links = _ => link switch
            {
                LinkKind.InMemory => EmulatedLink.InMemory(bounded: true),
                LinkKind.PseudoTerminal => EmulatedLink.OverPseudoTerminal(),
                LinkKind.Discard => EmulatedLink.Discard(),
                _ => throw new ArgumentOutOfRangeException(nameof(link), link, "Unknown link kind."),
            },
            RecordGroundTruth = recordGroundTruth,
        });
        return new EmulatedBoardPair(harness);
    }

    /// <summary>Starts the boards on a background thread (they boot, then follow the host's commands).</summary>
    public void Start() => _pump.Start();

    /// <summary>Stops the background thread; the boards keep their state and ground truth.</summary>
    public void Stop() => _pump.Stop();

    public void Dispose()
    {
        _pump.Dispose();
        Harness.Dispose();
    }
}
