using QkdEdge.EndToEnd.Tests.Serial;
using QkdEdge.Ingest;
using QkdEdge.Ingest.Serial;
using Xunit.Abstractions;

namespace QkdEdge.EndToEnd.Tests.Cli;

/// <summary><c>qkdedge-emulator run</c>: the printed ports, read by the host's ingest over System.IO.Ports.</summary>
public sealed class RunCommandTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_WhenAutostartedForSomeRounds_PrintsPortsWhoseRoundsAreCorrelatedThenExits()
    {
        if (!OperatingSystem.IsLinux())
            return;

        const int rounds = 24_000;
        var stdout = new CapturedLines();
        var stderr = new CapturedLines();
        var emulator = EmulatorCli.Start(["run", "--autostart", "--rounds", $"{rounds}", "--seed", "5"], stdout, stderr);

        var ports = new Dictionary<string, string>();
        for (int i = 0; i < 2; i++)
        {
            string line = stdout.NextLine(Patience) ?? throw new TimeoutException("no board line printed; " + stderr.Text);
            output.WriteLine(line);
            string[] words = line.Split(' ');
            Assert.Equal(3, words.Length);
            Assert.Equal("board", words[0]);
            Assert.StartsWith("/dev/pts/", words[2]);
            ports[words[1]] = words[2];
        }
        Assert.Equal(["alice", "bob"], ports.Keys.Order());

        var readers = ports.ToDictionary(p => p.Key, p => Task.Run(() => ReadRounds(p.Value, rounds)));
        var alice = await readers["alice"].WaitAsync(Patience);
        var bob = await readers["bob"].WaitAsync(Patience);
        int exit = await emulator.WaitAsync(Patience);
        output.WriteLine(stderr.Text);

        Assert.Equal(0, exit);
        Assert.Contains("alice: Running, rounds 24000", stderr.Text);
        // Pairs by round index (no missed triggers); 24,000 rounds give about 4,000 per setting pair,
        // a standard error near 0.022 on S, so 2.6 lies 10 errors below the ideal 2 sqrt2.
        double s = Chsh(alice, bob);
        output.WriteLine($"S = {s:F3}");
        Assert.True(s > 2.6, $"S = {s}");
    }

    [Fact]
    public async Task Run_WhenValueOutOfRange_FailsWithTheOptionsName()
    {
        var (code, _, error) = await EmulatorCli.Run("run", "--visibility", "1.5");
        Assert.Equal(1, code);
        Assert.Contains("--visibility must lie in [0, 1]", error);

        (code, _, error) = await EmulatorCli.Run("run", "--missed-trigger", "-0.1", "--boards", "9");
        Assert.Equal(1, code);
        Assert.Contains("--missed-trigger", error);
        Assert.Contains("--boards must lie in 1..8", error);

        (code, _, error) = await EmulatorCli.Run("run", "--model", "classical");
        Assert.Equal(1, code);
        Assert.Contains("classical", error);
    }

    [Fact]
    public async Task Run_WhenConfigurationCannotRun_ExitsWithConfigurationErrorNamingTheField()
    {
        var (code, _, error) = await EmulatorCli.Run("run", "--config", "/nonexistent/link.json");
        Assert.Equal(2, code);
        Assert.Contains("does not exist", error);

        (code, _, error) = await EmulatorCli.Run("run", "--pulse-period-ticks", "50");
        Assert.Equal(2, code);
        Assert.Contains("source.pulsePeriodTicks", error);
    }

    private static HostRounds ReadRounds(string port, int rounds)
    {
        using var link = SerialBoardLink.Open(new SerialLinkSettings(port, 2_000_000));
        var received = new HostRounds(rounds);
        var deadline = DateTime.UtcNow + Patience;
        while (!received.IsFull && DateTime.UtcNow < deadline)
        {
            try
            {
                if (link.Session.Reader.Read() == BoardFrameKind.Rounds)
                    received.Append(link.Session.Reader);
            }
            catch (TimeoutException)
            {
            }
        }

        if (!received.IsFull)
            throw new TimeoutException($"{port}: {received.Count} of {rounds} rounds arrived");
        return received;
    }

    /// <summary>CHSH of rounds paired by index, outputs binned (no-click and double click to 0).</summary>
    private static double Chsh(HostRounds alice, HostRounds bob)
    {
        var same = new long[4];
        var total = new long[4];
        for (int i = 0; i < alice.Count; i++)
        {
            int x = alice.Settings[i], y = bob.Settings[i];
            if (x > 1)
                continue;
            total[2 * x + y]++;
            if (Bit(alice.Clicks[i]) == Bit(bob.Clicks[i]))
                same[2 * x + y]++;
        }

        double s = 0;
        for (int pair = 0; pair < 4; pair++)
        {
            double e = (2.0 * same[pair] - total[pair]) / total[pair];
            s += pair == 3 ? -e : e;
        }
        return s;
    }

    private static int Bit(byte clicks) => clicks == 2 ? 1 : 0;
}
