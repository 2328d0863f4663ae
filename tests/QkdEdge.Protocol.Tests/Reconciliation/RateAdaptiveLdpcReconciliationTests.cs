using System.Buffers.Binary;
using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Reconciliation;
using QkdEdge.Distillation.Reconciliation.Ldpc;
using QkdEdge.Protocol.Messages;
using QkdEdge.Protocol.Reconciliation;

namespace QkdEdge.Protocol.Tests.Reconciliation;

/// <summary>The rate-adaptive exchange over the engine's byte messages, on simulated raw keys with fixed seeds.</summary>
public sealed class RateAdaptiveLdpcReconciliationTests
{
    // Offsets of the bit-count field of each message (RateAdaptiveWire): kind, raw bits, estimate, frame count.
    private const int SyndromeCountOffset = 1 + 8 + 8 + 4;
    private const int RevealCountOffset = 1 + 1;
    private const int ReportCountOffset = 1;

    private static readonly RateAdaptiveLdpcReconciliation Scheme = new();

    [Theory]
    [InlineData(0.003, 11UL)]
    [InlineData(0.005, 12UL)]
    [InlineData(0.01, 13UL)]
    [InlineData(0.02, 14UL)]
    [InlineData(0.05, 15UL)]
    public void Exchange_WhenKeysDifferByBinarySymmetricNoise_BothSidesHoldTheSameFullKey(double errorRate, ulong seed)
    {
        // Three frames and a short last one at every Q: the planner's frames carry 40,000 to 65,000 key bits.
        const long bits = 150_000;
        var (alice, bob) = ReconciliationExchange.Keys(bits, errorRate, seed);
        var exchange = ReconciliationExchange.Run(Scheme, alice, bob, bits, errorRate);

        Assert.True(exchange.Bob.Done);
        AssertBothHoldTheWholeKey(exchange, alice, bits);
    }

    [Theory]
    [InlineData(0.005, 21UL)]
    [InlineData(0.02, 22UL)]
    public void DisclosedBits_WhenTheExchangeEnds_EqualsTheLedgerAndTheBitsOnTheWire(double errorRate, ulong seed)
    {
        const long bits = 150_000;
        var (alice, bob) = ReconciliationExchange.Keys(bits, errorRate, seed);
        var exchange = ReconciliationExchange.Run(Scheme, alice, bob, bits, errorRate);

        long syndromes = BitCount(exchange.AliceMessages[0], SyndromeCountOffset);
        long reveals = exchange.AliceMessages.Skip(1).Sum(m => BitCount(m, RevealCountOffset));
        long reports = exchange.BobReplies.Sum(r => BitCount(r, ReportCountOffset));
        var ledger = ((RateAdaptiveAlice)exchange.Alice).Leak;

        Assert.True(exchange.AliceMessages.Count > 1, "the fixed seed was chosen so that some frame needs a reveal");
        Assert.Equal(syndromes, ledger.Bits(DisclosureKind.Syndrome));
        Assert.Equal(reveals, ledger.Bits(DisclosureKind.ExtraSyndrome));
        Assert.Equal(reports, ledger.Bits(DisclosureKind.Reply));
        Assert.Equal(0, ledger.Bits(DisclosureKind.VerificationTag));
        Assert.Equal(syndromes + reveals + reports, exchange.Alice.DisclosedBits);
        Assert.Equal(exchange.Alice.DisclosedBits, ((IDisclosureCounter)exchange.Bob).DisclosedBits);
    }

    [Fact]
    public void Exchange_WhenBobDecodesOnSeveralThreads_PutsTheSameBytesOnTheWireAsOneThread()
    {
        // Frames decode independently, so threads may change only the wall time: every message and reply, hence
        // every disclosed bit, and both keys must be the same. Fixed seed: some frame needs a reveal (asserted).
        const long bits = 300_000;
        const double errorRate = 0.02;
        var (alice, bob) = ReconciliationExchange.Keys(bits, errorRate, 23);
        var threaded = new RateAdaptiveLdpcReconciliation(decodingThreads: 3);

        var one = ReconciliationExchange.Run(Scheme, alice, bob, bits, errorRate);
        var three = ReconciliationExchange.Run(threaded, alice, bob, bits, errorRate);

        Assert.Equal((1, 3), (Scheme.DecodingThreads, threaded.DecodingThreads));
        Assert.True(one.AliceMessages.Count > 1, "the fixed seed was chosen so that some frame needs a reveal");
        Assert.Equal(one.AliceMessages, three.AliceMessages);
        Assert.Equal(one.BobReplies, three.BobReplies);
        Assert.Equal(one.Bob.ReconciledKey().Key, three.Bob.ReconciledKey().Key);
        AssertBothHoldTheWholeKey(three, alice, bits);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_WhenDecodingThreadsAreNotPositive_Throws(int threads)
    {
        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => new RateAdaptiveLdpcReconciliation(threads));
        Assert.Contains("decoding thread", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exchange_WhenOneFrameIsFarNoisierThanEstimated_BothSidesDropThatFrameAndKeepTheSameKey()
    {
        const long bits = 150_000;
        const double estimate = 0.005;
        var (alice, bob) = ReconciliationExchange.Keys(bits, estimate, 31);
        var plan = Scheme.Plan(bits, estimate);
        var noisy = plan.Frames[1];
        var random = new Xoshiro256StarStar(32);
        for (long i = noisy.KeyOffset; i < noisy.KeyOffset + noisy.KeyBits; i++)
        {
            // Ten times the estimate: beyond what even the last attempt's full syndrome can correct.
            if (random.NextDouble() < 10 * estimate)
                PackedBits.Flip(bob, i);
        }

        var exchange = ReconciliationExchange.Run(Scheme, alice, bob, bits, estimate);

        var (aliceKey, aliceBits) = exchange.Alice.ReconciledKey();
        var (bobKey, bobBits) = exchange.Bob.ReconciledKey();
        Assert.Equal(bits - noisy.KeyBits, aliceBits);
        Assert.Equal(aliceBits, bobBits);
        Assert.Equal(0, PackedBits.HammingDistance(aliceKey, bobKey, aliceBits));
        // The kept key is Alice's raw key without the dropped frame's bits.
        var expected = new ulong[PackedBits.WordCount(aliceBits)];
        PackedBits.Copy(alice, 0, expected, 0, noisy.KeyOffset);
        PackedBits.Copy(alice, noisy.KeyOffset + noisy.KeyBits, expected, noisy.KeyOffset, bits - noisy.KeyOffset - noisy.KeyBits);
        Assert.Equal(0, PackedBits.HammingDistance(aliceKey, expected, aliceBits));
    }

    [Fact]
    public void Plan_FromTheLongFrameThresholdOn_UsesFramesOf262144Bits()
    {
        // Planning only (no code is built): below the threshold the 65,536-bit family, from it on the long one.
        long threshold = StandardLdpcCodes.LongFrameMinimumKeyBits;
        Assert.Same(DiQkdLdpcCodes.Family, Scheme.FamilyFor(threshold - 1));
        Assert.Same(DiQkdLdpcCodes.LongFrameFamily, Scheme.FamilyFor(threshold));
        Assert.Equal(4 * DiQkdLdpcCodes.Family.FrameLength, DiQkdLdpcCodes.LongFrameFamily.FrameLength);
        foreach (double errorRate in new[] { 0.004, 0.02 })
        {
            var shortFrames = Scheme.Plan(threshold - 64, errorRate);
            var longFrames = Scheme.Plan(threshold, errorRate);
            Assert.All(shortFrames.Frames, f => Assert.Equal(DiQkdLdpcCodes.Family.FrameLength, f.KeyBits + f.PaddingBits + f.ShortenedBits));
            Assert.All(longFrames.Frames, f => Assert.Equal(DiQkdLdpcCodes.LongFrameFamily.FrameLength, f.KeyBits + f.PaddingBits + f.ShortenedBits));
            Assert.InRange(longFrames.Frames.Count, 1, (shortFrames.Frames.Count / 4) + 1);
        }
    }

    [Fact]
    public void Exchange_WhenTheKeyReachesTheLongFrameThreshold_ReconcilesInTheLongFamily()
    {
        // Small stand-ins for the two families (circulants of 64 and 128) and a threshold of 100,000 bits, so that
        // the exchange runs in long frames quickly; Alice and Bob must pick the same family from the key length alone.
        var scheme = new RateAdaptiveLdpcReconciliation(
            StandardLdpcCodes.CreateFamily(64), StandardLdpcCodes.CreateFamily(128), 100_000, ReconciliationOptions.Default);
        const double errorRate = 0.03;
        foreach (long bits in new long[] { 99_968, 100_000 })
        {
            var (alice, bob) = ReconciliationExchange.Keys(bits, errorRate, 41);
            var exchange = ReconciliationExchange.Run(scheme, alice, bob, bits, errorRate);
            var family = scheme.FamilyFor(bits);
            Assert.Equal(bits < 100_000 ? 16_384 : 32_768, family.FrameLength);
            Assert.All(scheme.Plan(bits, errorRate).Frames, f => Assert.Equal(family.FrameLength, f.KeyBits + f.PaddingBits + f.ShortenedBits));
            AssertBothHoldTheWholeKey(exchange, alice, bits);
        }
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.02)]
    [InlineData(0.05)]
    [InlineData(0.08)]
    public void OptionsFor_LongKeysFromOnePercent_TakeTheStandardCodesTunedSchedule(double errorRate)
    {
        long bits = StandardLdpcCodes.LongFrameMinimumKeyBits;
        var scheme = new RateAdaptiveLdpcReconciliation(decodingThreads: 3);

        var options = scheme.OptionsFor(bits, errorRate);

        Assert.Equal(ReconciliationOptions.ForKey(bits, errorRate).AttemptScales, options.AttemptScales);
        Assert.Equal(3, options.MaxDegreeOfParallelism);
        Assert.True(options.AttemptScales.Count <= scheme.MaxRoundTrips);
    }

    [Theory]
    [InlineData(4_194_304L, 0.005)] // long frames, the engine's own high-rate codes
    [InlineData(4_194_304L, 0.0099)]
    [InlineData(4_194_303L, 0.02)] // one bit short of long frames
    [InlineData(150_000L, 0.05)]
    public void OptionsFor_ShortKeysOrErrorRatesBelowOnePercent_KeepTheEngineSchedule(long bits, double errorRate)
    {
        Assert.Equal(DiQkdLdpcCodes.Schedule.AttemptScales, Scheme.OptionsFor(bits, errorRate).AttemptScales);
    }

    [Fact]
    public void OptionsFor_WithAScheduleGiven_AlwaysTakesIt()
    {
        var scheme = new RateAdaptiveLdpcReconciliation(DiQkdLdpcCodes.Family, DiQkdLdpcCodes.LongFrameFamily, StandardLdpcCodes.LongFrameMinimumKeyBits, DiQkdLdpcCodes.Schedule);
        Assert.Equal(DiQkdLdpcCodes.Schedule.AttemptScales, scheme.OptionsFor(StandardLdpcCodes.LongFrameMinimumKeyBits, 0.05).AttemptScales);
    }

    [Fact]
    public void Plan_ForALongKeyAtTwoPercent_FollowsTheTunedSchedule()
    {
        // The plan's frames are sized by the schedule's last attempt: the tuned schedule ends nearer (1.13 times the
        // code's typical efficiency against 1.25), so its frames carry more key and fewer of them are needed.
        long bits = 1L << 23;
        var tuned = Scheme.Plan(bits, 0.02);
        var engine = new RateAdaptiveLdpcReconciliation(DiQkdLdpcCodes.Family, DiQkdLdpcCodes.LongFrameFamily, StandardLdpcCodes.LongFrameMinimumKeyBits, DiQkdLdpcCodes.Schedule)
            .Plan(bits, 0.02);
        Assert.True(tuned.Frames.Count < engine.Frames.Count, $"{tuned.Frames.Count} frames against {engine.Frames.Count}");
    }

    [Fact]
    public void Plan_WhenTheEstimateIsBelowTheLowestPlannableRate_PlansAtThatRate()
    {
        Assert.Equal(Scheme.Plan(100_000, Scheme.LowestErrorRate), Scheme.Plan(100_000, 0), new PlanComparer());
    }

    [Fact]
    public void LowestErrorRate_IsWhereTheHighestRateCodesFullFrameIsJustFull()
    {
        var family = DiQkdLdpcCodes.Family;
        // The planner spreads a key evenly over its frames, so find the longest key (in whole words) that still
        // fits one frame: that frame is as full as the code allows. Start below it (a frame's key plus what it
        // shortened away, which underestimates the capacity since padding shrinks as the key grows).
        var probe = ReconciliationPlanner.Plan(family, 1_000_000, Scheme.LowestErrorRate, DiQkdLdpcCodes.Schedule).Frames[0];
        long capacity = (probe.KeyBits + probe.ShortenedBits) / 64 * 64;
        while (ReconciliationPlanner.Plan(family, capacity + 64, Scheme.LowestErrorRate, DiQkdLdpcCodes.Schedule).Frames.Count == 1)
            capacity += 64;
        var full = Assert.Single(ReconciliationPlanner.Plan(family, capacity, Scheme.LowestErrorRate, DiQkdLdpcCodes.Schedule).Frames);
        Assert.Equal(0, full.CodeIndex);
        // Nothing is shortened away but the planner's rounding (key down to whole words, padding up: 64 + 2 bits)
        // and what the floor's margin of 1e-3 above the exact solution frees: the key length scales with 1/h(Q),
        // and h moves by less than Q does, so by under 1e-3 of the frame.
        Assert.InRange(full.ShortenedBits, 0, 64 + 2 + (family.FrameLength / 1000));
        // ...and one per cent lower, no code of the family can take a frame.
        Assert.Throws<ArgumentOutOfRangeException>(() => ReconciliationPlanner.Plan(family, 1_000_000, 0.99 * Scheme.LowestErrorRate, DiQkdLdpcCodes.Schedule));
    }

    [Fact]
    public void Exchange_WhenTheTestedRoundsShowedNoError_StillReconciles()
    {
        const long bits = 70_000;
        var (alice, bob) = ReconciliationExchange.Keys(bits, 0.002, 41);
        var exchange = ReconciliationExchange.Run(Scheme, alice, bob, bits, 0);
        var (aliceKey, aliceBits) = exchange.Alice.ReconciledKey();
        var (bobKey, bobBits) = exchange.Bob.ReconciledKey();
        Assert.Equal(bits, bobBits);
        Assert.Equal(0, PackedBits.HammingDistance(aliceKey, bobKey, aliceBits));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(21)]
    [InlineData(100)]
    public void OnMessage_WhenAlicesSyndromesAreTruncated_ThrowsMalformedPayload(int cut)
    {
        var (alice, bob) = ReconciliationExchange.Keys(100_000, 0.01, 51);
        var message = Scheme.ForAlice(alice, 100_000, 0.01).Start();
        var ex = Assert.Throws<MalformedPayloadException>(() => Scheme.ForBob(bob, 100_000, 0.01).OnMessage(message.AsSpan(0, message.Length - cut)));
        Assert.Contains("offset", ex.Message);
    }

    [Fact]
    public void OnMessage_WhenAlicesSyndromesHaveATrailingByte_ThrowsMalformedPayload()
    {
        var (alice, bob) = ReconciliationExchange.Keys(100_000, 0.01, 52);
        var message = Scheme.ForAlice(alice, 100_000, 0.01).Start();
        var ex = Assert.Throws<MalformedPayloadException>(() => Scheme.ForBob(bob, 100_000, 0.01).OnMessage([.. message, 0]));
        Assert.Contains("unexpected bytes", ex.Message);
    }

    [Fact]
    public void OnMessage_WhenTheBitCountClaimsAnEnormousString_ThrowsBeforeAllocating()
    {
        var (alice, bob) = ReconciliationExchange.Keys(100_000, 0.01, 53);
        var message = Scheme.ForAlice(alice, 100_000, 0.01).Start();
        BinaryPrimitives.WriteUInt64LittleEndian(message.AsSpan(SyndromeCountOffset), 1UL << 62);
        var ex = Assert.Throws<MalformedPayloadException>(() => Scheme.ForBob(bob, 100_000, 0.01).OnMessage(message));
        Assert.Contains("syndrome bits", ex.Message);
    }

    [Fact]
    public void OnMessage_WhenAlicePlannedForAnotherKeyLength_ThrowsMalformedPayload()
    {
        var (alice, bob) = ReconciliationExchange.Keys(100_000, 0.01, 54);
        var message = Scheme.ForAlice(alice, 99_000, 0.01).Start();
        var ex = Assert.Throws<MalformedPayloadException>(() => Scheme.ForBob(bob, 100_000, 0.01).OnMessage(message));
        Assert.Contains("99000 raw key bits", ex.Message);
    }

    [Fact]
    public void OnMessage_WhenAlicePlannedForAnotherErrorRate_ThrowsMalformedPayload()
    {
        var (alice, bob) = ReconciliationExchange.Keys(100_000, 0.01, 55);
        var message = Scheme.ForAlice(alice, 100_000, 0.011).Start();
        var ex = Assert.Throws<MalformedPayloadException>(() => Scheme.ForBob(bob, 100_000, 0.01).OnMessage(message));
        Assert.Contains("error rate", ex.Message);
    }

    [Fact]
    public void OnMessage_WhenAReportArrivesInsteadOfSyndromes_ThrowsMalformedPayload()
    {
        var (_, bob) = ReconciliationExchange.Keys(100_000, 0.01, 56);
        var ex = Assert.Throws<MalformedPayloadException>(() => Scheme.ForBob(bob, 100_000, 0.01).OnMessage([0x03, 0, 0, 0, 0, 0, 0, 0, 0]));
        Assert.Contains("message kind", ex.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    public void OnReply_WhenBobsReportIsTruncated_ThrowsMalformedPayload(int cut)
    {
        var (alice, bob) = ReconciliationExchange.Keys(100_000, 0.01, 57);
        var aliceSide = Scheme.ForAlice(alice, 100_000, 0.01);
        var reply = Scheme.ForBob(bob, 100_000, 0.01).OnMessage(aliceSide.Start());
        Assert.Throws<MalformedPayloadException>(() => aliceSide.OnReply(reply.AsSpan(0, reply.Length - cut)));
    }

    [Fact]
    public void OnReply_WhenBobsReportSetsBitsPastItsEnd_ThrowsMalformedPayload()
    {
        var (alice, bob) = ReconciliationExchange.Keys(100_000, 0.01, 58);
        var aliceSide = Scheme.ForAlice(alice, 100_000, 0.01);
        var reply = Scheme.ForBob(bob, 100_000, 0.01).OnMessage(aliceSide.Start());
        reply[^1] |= 0x80; // two frames: bits 2..7 of the one flag byte must be zero
        var ex = Assert.Throws<MalformedPayloadException>(() => aliceSide.OnReply(reply));
        Assert.Contains("past the end", ex.Message);
    }

    private static long BitCount(byte[] message, int offset) => (long)BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(offset));

    private sealed class PlanComparer : IEqualityComparer<ReconciliationPlan>
    {
        public bool Equals(ReconciliationPlan? x, ReconciliationPlan? y) =>
            x is not null && y is not null && x.KeyBits == y.KeyBits && x.EstimatedErrorRate == y.EstimatedErrorRate
            && x.Frames.Count == y.Frames.Count
            && x.Frames.Zip(y.Frames).All(p => p.First with { CumulativeReveals = [] } == p.Second with { CumulativeReveals = [] }
                                               && p.First.CumulativeReveals.SequenceEqual(p.Second.CumulativeReveals));

        public int GetHashCode(ReconciliationPlan obj) => obj.Frames.Count;
    }

    /// <summary>Both sides kept every frame, and both keys are Alice's raw key.</summary>
    private static void AssertBothHoldTheWholeKey(ReconciliationExchange exchange, ulong[] alice, long bits)
    {
        var (aliceKey, aliceBits) = exchange.Alice.ReconciledKey();
        var (bobKey, bobBits) = exchange.Bob.ReconciledKey();
        Assert.Equal(bits, aliceBits);
        Assert.Equal(bits, bobBits);
        Assert.Equal(0, PackedBits.HammingDistance(aliceKey, alice, bits));
        Assert.Equal(0, PackedBits.HammingDistance(bobKey, alice, bits));
    }
}
