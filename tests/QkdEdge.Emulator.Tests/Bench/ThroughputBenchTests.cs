using QkdEdge.Emulator.Bench;
using QkdEdge.Emulator.Configuration;

namespace QkdEdge.Emulator.Tests.Bench;

/// <summary>The bench's bookkeeping (its speed is what the bench command reports, not a test's business).</summary>
public sealed class ThroughputBenchTests
{
    [Fact]
    public void Run_WhenTwoIdealBoards_CountsEveryPulseForBothBoardsAndEncodesFrames()
    {
        var result = ThroughputBench.Run(new EmulatorConfiguration { Seed = 3 }, rounds: 24_000, warmupRounds: 2_400);

        Assert.Equal(2, result.Boards);
        Assert.Equal(24_000, result.Pulses);
        Assert.Equal(2 * result.Pulses, result.BoardRounds);
        // One frame per 120-round batch and board: each batch fits one frame.
        Assert.Equal(result.BoardRounds / 120, result.Frames);
        Assert.True(result.Bytes > result.Frames * 25);
        Assert.True(result.Seconds > 0);
    }
}
