using System.Runtime.CompilerServices;
using QkdEdge.Emulator.Optics;
using QkdEdge.KeyStore;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Reconciliation;
using QkdEdge.Protocol.Tests.Support;

namespace QkdEdge.Protocol.Tests.Engine;

/// <summary>
/// What a run holds while it runs: error correction, the longest phase of a large block, must not keep the block's
/// planes reachable (its settings and clicks; at 10^9 rounds half a gigabyte per station). Checked with weak
/// references and a full collection when each station handles its first error-correction message.
/// </summary>
public sealed class BlockEngineMemoryTests
{
    [Fact]
    public async Task RunAsync_DuringErrorCorrection_NoLongerHoldsTheBlocksPlanes()
    {
        using var harness = new EngineHarness();
        var observed = new List<(StationRole Role, bool SettingsAlive, bool ClicksAlive)>();
        var planes = new Dictionary<StationRole, (WeakReference Settings, WeakReference Clicks)>();
        var runs = Start(harness, planes, new Observing(new ClearTextReconciliation(), role =>
        {
            // The engine yields so that sifting's frame, which held the planes, unwinds; the yield's continuation may
            // start error correction on another thread while that frame is still returning. The frame is given up to
            // half a second to finish (error correction of a large block lasts seconds); planes still held after that
            // are held by error correction itself.
            bool settingsAlive = true, clicksAlive = true;
            for (int attempt = 0; attempt < 100 && (settingsAlive || clicksAlive); attempt++)
            {
                if (attempt > 0)
                    Thread.Sleep(5);
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                (settingsAlive, clicksAlive) = (planes[role].Settings.IsAlive, planes[role].Clicks.IsAlive);
            }

            lock (observed)
                observed.Add((role, settingsAlive, clicksAlive));
        }));

        var outcomes = await Task.WhenAll(runs);

        // Clear-text reconciliation discloses the whole raw key, so the blocks end without key; they reached error
        // correction, which is all this test needs.
        Assert.All(outcomes, o => Assert.Equal(BlockAbortCause.KeyLengthNotPositive, o.Cause));
        Assert.Equal(2, observed.Count);
        Assert.All(observed, o => Assert.False(o.SettingsAlive || o.ClicksAlive, $"{o.Role} still holds its block's planes"));
    }

    /// <summary>Starts both stations on fresh blocks; only the engines hold the blocks after this returns.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<BlockOutcome>[] Start(EngineHarness harness, Dictionary<StationRole, (WeakReference Settings, WeakReference Clicks)> planes,
        IKeyReconciliation reconciliation)
    {
        var (alice, bob) = EmulatedBlocks.Generate(OpticsModelNames.Honest, 0.99, 200_000, 7);
        planes[StationRole.Alice] = (new WeakReference(alice.Settings), new WeakReference(alice.Clicks));
        planes[StationRole.Bob] = (new WeakReference(bob.Settings), new WeakReference(bob.Clicks));
        var (aliceChannel, bobChannel) = InMemoryBlockChannel.CreatePair();
        var settings = new EngineSettings { TestFraction = 0.1, ExpectedChsh = 2 * Math.Sqrt(2) * 0.99, ExpectedErrorRate = 0.005 };
        var protocol = Protocols.ChshVaziraniVidick;
        var runs = new[]
        {
            new BlockEngine(protocol, settings, harness.AliceStore, reconciliation, new SeededRandomNumberGenerator(1)).RunAsync(StationRole.Alice, alice, aliceChannel, CancellationToken.None),
            new BlockEngine(protocol, settings, harness.BobStore, reconciliation, new SeededRandomNumberGenerator(2)).RunAsync(StationRole.Bob, bob, bobChannel, CancellationToken.None),
        };
        return runs;
    }

    /// <summary>
    /// A reconciliation that reports each station's first message handled in error correction (Bob's first syndrome,
    /// Alice's first reply), then hands over to another. Not at <c>ForAlice</c>: sifting's last step calls it on its
    /// own stack, while the finished sifting still holds the planes; the first message comes after a real wait.
    /// </summary>
    private sealed class Observing(IKeyReconciliation inner, Action<StationRole> handling) : IKeyReconciliation
    {
        public int MaxRoundTrips => inner.MaxRoundTrips;

        public IAliceReconciler ForAlice(ulong[] rawKey, long bits, double errorRate) => new Alice(inner.ForAlice(rawKey, bits, errorRate), handling);

        public IBobReconciler ForBob(ulong[] rawKey, long bits, double errorRate) => new Bob(inner.ForBob(rawKey, bits, errorRate), handling);

        private sealed class Alice(IAliceReconciler inner, Action<StationRole> handling) : IAliceReconciler
        {
            public long DisclosedBits => inner.DisclosedBits;

            public byte[] Start() => inner.Start();

            public byte[]? OnReply(ReadOnlySpan<byte> reply)
            {
                handling(StationRole.Alice);
                return inner.OnReply(reply);
            }

            public (ulong[] Key, long Bits) ReconciledKey() => inner.ReconciledKey();
        }

        private sealed class Bob(IBobReconciler inner, Action<StationRole> handling) : IBobReconciler, IDisclosureCounter
        {
            public bool Done => inner.Done;

            public long DisclosedBits => ((IDisclosureCounter)inner).DisclosedBits;

            public byte[] OnMessage(ReadOnlySpan<byte> message)
            {
                handling(StationRole.Bob);
                return inner.OnMessage(message);
            }

            public (ulong[] Key, long Bits) ReconciledKey() => inner.ReconciledKey();
        }
    }
}
