using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Measurement;
using QkdEdge.Distillation.Reconciliation;
using QkdEdge.Distillation.Reconciliation.Ldpc;
using QkdEdge.Distillation.Verification;

namespace QkdEdge.Distillation.Tests.Reconciliation.Ldpc;

public class LdpcReconciliationTests
{
    private static readonly ulong[] Points = [0x0123_4567_89AB_CDEFUL];

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.03)]
    [InlineData(0.07)]
    public void RunInProcess_WhenKeysDifferByBinarySymmetricNoise_GivesEqualVerifiedKeys(double q)
    {
        const long bits = 60_000;
        var (alice, bob) = CorrelatedKeys.Draw(bits, q, 15);
        var report = LdpcReconciliation.RunInProcess(TestCodes.SmallFamily, alice, bob, bits, q, ReconciliationOptions.Default, Points);
        Assert.True(report.Verified);
        Assert.Equal(report.AliceKey, report.BobKey);
        long decodedBits = report.Plan.Frames.Where(f => report.DecodedFrames[f.Index]).Sum(f => (long)f.KeyBits);
        Assert.Equal(decodedBits, report.ReconciledBits);
        Assert.Equal(report.DecodedFrames.Count(d => !d), report.FailedFrames);
        Assert.InRange(report.Leak.RoundTrips, 1, ReconciliationOptions.Default.AttemptScales.Count);
    }

    [Fact]
    public void RunInProcess_WhenBobKeepsDecoderStatesBetweenAttempts_GivesEqualVerifiedKeys()
    {
        // The default restarts every attempt from scratch; a memory budget makes Bob resume frames after a reveal.
        // Fixed seed: at the typical efficiency about half the frames need a reveal, so some frames take the
        // resumed path (asserted, so the test cannot pass without exercising it).
        const long bits = 120_000;
        const double q = 0.03;
        var (alice, bob) = CorrelatedKeys.Draw(bits, q, 17);
        var options = ReconciliationOptions.Default with { WarmStartMemoryBytes = 64L << 20 };
        var report = LdpcReconciliation.RunInProcess(TestCodes.SmallFamily, alice, bob, bits, q, options, Points);
        Assert.True(report.Verified);
        Assert.Equal(report.AliceKey, report.BobKey);
        Assert.True(report.FramesDecodedAtAttempt.Skip(2).Sum() > 0);
    }

    [Fact]
    public void RunInProcess_WhenBobDecodesFramesOnSeveralThreads_GivesExactlyWhatOneThreadGives()
    {
        // Each frame decodes alone from its syndrome, reveals and Bob's bits, so the thread count may change only
        // the wall time. Fixed seed: many frames, and some need reveals (asserted), so later rounds decode several
        // frames at once too.
        const long bits = 240_000;
        const double q = 0.03;
        var (alice, bob) = CorrelatedKeys.Draw(bits, q, 18);
        var serial = LdpcReconciliation.RunInProcess(TestCodes.SmallFamily, alice, bob, bits, q, ReconciliationOptions.Default, Points);
        var parallel = LdpcReconciliation.RunInProcess(
            TestCodes.SmallFamily, alice, bob, bits, q, ReconciliationOptions.Default with { MaxDegreeOfParallelism = 4 }, Points);

        Assert.True(serial.Plan.Frames.Count >= 8);
        Assert.True(serial.FramesDecodedAtAttempt.Skip(1).Sum() >= 2);
        Assert.True(parallel.Verified);
        Assert.Equal(serial.AliceKey, parallel.AliceKey);
        Assert.Equal(serial.BobKey, parallel.BobKey);
        Assert.Equal(serial.DecodedFrames, parallel.DecodedFrames);
        Assert.Equal(serial.FramesDecodedAtAttempt, parallel.FramesDecodedAtAttempt);
        Assert.Equal(serial.Leak.TotalBits, parallel.Leak.TotalBits);
        Assert.Equal(serial.Leak.RoundTrips, parallel.Leak.RoundTrips);
    }

    [Fact]
    public void Leak_WhenTheExchangeEnds_EqualsTheSumOfEveryMessagesDisclosedBits()
    {
        const long bits = 50_000;
        const double q = 0.04;
        var (alice, bob) = CorrelatedKeys.Draw(bits, q, 16);
        var family = TestCodes.SmallFamily;
        var plan = ReconciliationPlanner.Plan(family, bits, q, ReconciliationOptions.Default);
        var a = new LdpcAlice(family, plan, alice, Points);
        var b = new LdpcBob(family, plan, bob, ReconciliationOptions.Default);
        long syndrome = 0, reveals = 0, replies = 0, tag = 0;
        int roundTrips = 1;
        var start = a.Start();
        syndrome += start.DisclosedBits;
        var report = b.Receive(start);
        while (true)
        {
            replies += report.TriedFrames.Count;
            tag += report.Tag is null ? 0 : 64L * report.Tag.Count;
            var next = a.Respond(report);
            if (next is null)
            {
                break;
            }

            roundTrips++;
            reveals += next.DisclosedBits;
            report = b.Receive(next);
        }

        Assert.Equal(syndrome, a.Leak.Bits(DisclosureKind.Syndrome));
        Assert.Equal(reveals, a.Leak.Bits(DisclosureKind.ExtraSyndrome));
        Assert.Equal(replies, a.Leak.Bits(DisclosureKind.Reply));
        Assert.Equal(tag, a.Leak.Bits(DisclosureKind.VerificationTag));
        Assert.Equal(syndrome + reveals + replies + tag, a.Leak.TotalBits);
        Assert.Equal(roundTrips, a.Leak.RoundTrips);
        Assert.Equal(plan.Frames.Sum(f => (long)family.CheckCount(f.CodeIndex) - f.PaddingBits), syndrome);
        Assert.True(a.Verified);
    }

    [Fact]
    public void Respond_WhenBobsTagComesFromADifferentKey_ReportsNotVerified()
    {
        const long bits = 20_000;
        var (alice, bob) = CorrelatedKeys.Draw(bits, 0.02, 17);
        var family = TestCodes.SmallFamily;
        var plan = ReconciliationPlanner.Plan(family, bits, 0.02, ReconciliationOptions.Default);
        var a = new LdpcAlice(family, plan, alice, Points);
        a.Start();

        // A final report as if Bob had decoded every frame to his raw key, which still contains errors.
        var tag = PolynomialHash.Compute(bob, bits, Points);
        var frames = plan.Frames.Select(f => f.Index).ToArray();
        Assert.Null(a.Respond(new DecodeReport(frames, frames.Select(_ => true).ToArray(), tag)));
        Assert.False(a.Verified);
    }

    [Fact]
    public void Plan_WhenKeyIsCutIntoFrames_GivesWordAlignedFramesThatCoverTheKey()
    {
        var plan = ReconciliationPlanner.Plan(TestCodes.SmallFamily, 1_000_003, 0.05, ReconciliationOptions.Default);
        long covered = 0;
        foreach (var frame in plan.Frames)
        {
            Assert.Equal(covered, frame.KeyOffset);
            Assert.Equal(0, frame.KeyOffset % 64);
            Assert.Equal(TestCodes.SmallFamily.FrameLength, frame.KeyBits + frame.PaddingBits + frame.ShortenedBits);
            Assert.Equal(frame.PaddingBits, frame.CumulativeReveals[^1]);
            covered += frame.KeyBits;
        }

        Assert.Equal(1_000_003, covered);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(double.NaN)]
    public void Plan_WhenTheErrorRateIsOutOfRange_Throws(double q)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReconciliationPlanner.Plan(TestCodes.SmallFamily, 1000, q, ReconciliationOptions.Default));
    }
}
