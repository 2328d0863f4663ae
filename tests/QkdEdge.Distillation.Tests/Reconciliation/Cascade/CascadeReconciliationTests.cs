using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Measurement;
using QkdEdge.Distillation.Reconciliation;
using QkdEdge.Distillation.Reconciliation.Cascade;

namespace QkdEdge.Distillation.Tests.Reconciliation.Cascade;

public class CascadeReconciliationTests
{
    private static (ulong[] Alice, ulong[] Bob, long Errors) Keys(int bits, double q, ulong seed)
    {
        var (alice, bob) = CorrelatedKeys.Draw(bits, q, seed);
        return (alice, bob, PackedBits.HammingDistance(alice, bob, bits));
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.05)]
    public void Run_WhenKeysDiffer_CorrectsBobsKeyAndChargesEveryDisclosedParity(double q)
    {
        const int bits = 1 << 14;
        var (alice, bob, errors) = Keys(bits, q, 50);
        var schedule = CascadeSchedule.Optimised(q, bits);
        var result = CascadeReconciliation.Run(alice, bob, bits, schedule, shuffleSeed: 51);

        Assert.Equal(0, PackedBits.HammingDistance(alice, result.CorrectedKey, bits));
        Assert.Equal(errors, result.CorrectedBits);

        // Every pass discloses one parity per block; every corrected bit then costs a binary search of several
        // parities, so the charge must exceed "block parities plus one bit per error", the known undercount.
        long blockParities = Enumerable.Range(0, schedule.Passes).Sum(p => (long)((bits + schedule.BlockSize(p) - 1) / schedule.BlockSize(p)));
        Assert.True(result.Leak.Bits(DisclosureKind.Parity) > blockParities + errors);
        Assert.Equal(result.Leak.Bits(DisclosureKind.Parity), result.Leak.Bits(DisclosureKind.Reply));
        Assert.True(result.Leak.RoundTrips >= schedule.Passes);
        Assert.Equal(result.Leak.AliceBits, result.Leak.Bits(DisclosureKind.Parity));
    }

    [Fact]
    public void Run_WhenKeysAreEqual_DisclosesOnlyTheBlockParities()
    {
        const int bits = 5000;
        var (alice, _, _) = Keys(bits, 0, 52);
        var schedule = CascadeSchedule.Original(0.02);
        var result = CascadeReconciliation.Run(alice, alice, bits, schedule, shuffleSeed: 53);
        long blockParities = Enumerable.Range(0, schedule.Passes).Sum(p => (long)((bits + schedule.BlockSize(p) - 1) / schedule.BlockSize(p)));
        Assert.Equal(blockParities, result.Leak.Bits(DisclosureKind.Parity));
        Assert.Equal(0, result.CorrectedBits);
        Assert.Equal(schedule.Passes, result.Leak.RoundTrips);
    }
}
