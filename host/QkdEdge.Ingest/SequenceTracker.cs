namespace QkdEdge.Ingest;

/// <summary>
/// Follows a board's frame sequence numbers (docs/wire-protocol.md, section 2). Numbers wrap at
/// 2^32, so "ahead" means less than 2^31 ahead. A recent window of (sequence, CRC) pairs tells a
/// duplicate (same number, same CRC) from a restart (number goes back, different frame).
/// </summary>
internal sealed class SequenceTracker
{
    private readonly uint[] _sequences;
    private readonly uint[] _crcs;
    private int _filled;
    private int _next;
    private bool _started;
    private uint _expected;

    public SequenceTracker(int window)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        _sequences = new uint[window];
        _crcs = new uint[window];
    }

    /// <summary>Classifies <paramref name="sequence"/>; for <see cref="SequenceVerdict.Gap"/>, <paramref name="missing"/> is how many numbers were skipped.</summary>
    public SequenceVerdict Classify(uint sequence, uint crc, out uint missing)
    {
        missing = 0;
        if (!_started)
            return SequenceVerdict.First;
        uint ahead = unchecked(sequence - _expected);
        if (ahead == 0)
            return SequenceVerdict.InOrder;
        if (ahead < 0x8000_0000u)
        {
            missing = ahead;
            return SequenceVerdict.Gap;
        }

        for (int i = 0; i < _filled; i++)
        {
            if (_sequences[i] == sequence && _crcs[i] == crc)
                return SequenceVerdict.Duplicate;
        }

        return SequenceVerdict.Behind;
    }

    /// <summary>Records an accepted frame; the next expected number follows it.</summary>
    public void Accept(uint sequence, uint crc)
    {
        _started = true;
        _expected = unchecked(sequence + 1);
        _sequences[_next] = sequence;
        _crcs[_next] = crc;
        _next = (_next + 1) % _sequences.Length;
        if (_filled < _sequences.Length)
            _filled++;
    }

    /// <summary>Forgets everything (the board restarted).</summary>
    public void Restart()
    {
        _started = false;
        _filled = 0;
        _next = 0;
    }
}
