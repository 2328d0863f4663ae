using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Sifting;

namespace QkdEdge.Distillation.Measurement;

/// <summary>Owned bit-plane arrays for one chunk of rounds, reused from chunk to chunk.</summary>
public sealed class RoundPlaneBuffers
{
    private int _roundCount;

    public RoundPlaneBuffers(int capacityRounds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityRounds);
        int words = PackedBits.WordCount(capacityRounds);
        AliceHigh = new ulong[words];
        AliceLow = new ulong[words];
        Bob = new ulong[words];
        OutcomeA = new ulong[words];
        OutcomeB = new ulong[words];
        TestMask = new ulong[words];
        Capacity = capacityRounds;
    }

    public int Capacity { get; }

    /// <summary>Rounds held; a source sets it after filling the planes.</summary>
    public int RoundCount
    {
        get => _roundCount;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, Capacity);
            _roundCount = value;
        }
    }

    public ulong[] AliceHigh { get; }

    public ulong[] AliceLow { get; }

    public ulong[] Bob { get; }

    public ulong[] OutcomeA { get; }

    public ulong[] OutcomeB { get; }

    public ulong[] TestMask { get; }

    /// <summary>Bytes of the six planes for <see cref="RoundCount"/> rounds.</summary>
    public long PlaneBytes => 6L * 8 * PackedBits.WordCount(RoundCount);

    public RoundPlanes AsPlanes() => new(AliceHigh, AliceLow, Bob, OutcomeA, OutcomeB, TestMask, RoundCount);
}
