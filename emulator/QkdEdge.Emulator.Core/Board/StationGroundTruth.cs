namespace QkdEdge.Emulator.Board;

/// <summary>
/// Every round one emulated board completed, recorded as its click capture handed the batch to the
/// firmware: the reference a host test compares its decoded rounds with. Rounds of a batch the firmware
/// later failed to send are here too (the host then sees a gap); rounds of a batch abandoned by Stop
/// before its clicks were collected are not. Written by the emulation thread, readable from any thread.
/// </summary>
public sealed class StationGroundTruth
{
    private const int InitialCapacity = 4096;

    private readonly object _gate = new();
    private long[] _rounds = new long[InitialCapacity];
    private long[] _pulses = new long[InitialCapacity];
    private byte[] _settings = new byte[InitialCapacity];
    private byte[] _clicks = new byte[InitialCapacity];
    private long[] _timeTags = new long[InitialCapacity];
    private int _count;

    /// <summary>Rounds recorded so far.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
                return _count;
        }
    }

    /// <summary>Round number <paramref name="index"/> in recording order (round indices increase).</summary>
    public GroundTruthRound this[int index]
    {
        get
        {
            lock (_gate)
            {
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
                return new GroundTruthRound(_rounds[index], _pulses[index], _settings[index], _clicks[index], _timeTags[index]);
            }
        }
    }

    /// <summary>Finds the round with board round index <paramref name="round"/>.</summary>
    public bool TryFind(long round, out GroundTruthRound result)
    {
        lock (_gate)
        {
            int index = Array.BinarySearch(_rounds, 0, _count, round);
            result = index >= 0 ? new GroundTruthRound(_rounds[index], _pulses[index], _settings[index], _clicks[index], _timeTags[index]) : default;
            return index >= 0;
        }
    }

    /// <summary>A copy of everything recorded so far, as columns.</summary>
    public GroundTruthColumns Snapshot()
    {
        lock (_gate)
        {
            return new GroundTruthColumns(_rounds[.._count], _pulses[.._count], _settings[.._count], _clicks[.._count], _timeTags[.._count]);
        }
    }

    internal void Append(long firstRound, ReadOnlySpan<long> pulses, ReadOnlySpan<byte> settings, ReadOnlySpan<byte> clicks, ReadOnlySpan<long> timeTags)
    {
        int count = pulses.Length;
        lock (_gate)
        {
            if (_count + count > _rounds.Length)
                Grow(_count + count);
            for (int i = 0; i < count; i++)
                _rounds[_count + i] = firstRound + i;
            pulses.CopyTo(_pulses.AsSpan(_count));
            settings[..count].CopyTo(_settings.AsSpan(_count));
            clicks[..count].CopyTo(_clicks.AsSpan(_count));
            timeTags[..count].CopyTo(_timeTags.AsSpan(_count));
            _count += count;
        }
    }

    private void Grow(int needed)
    {
        int capacity = Math.Max(needed, checked(_rounds.Length * 2));
        Array.Resize(ref _rounds, capacity);
        Array.Resize(ref _pulses, capacity);
        Array.Resize(ref _settings, capacity);
        Array.Resize(ref _clicks, capacity);
        Array.Resize(ref _timeTags, capacity);
    }
}
