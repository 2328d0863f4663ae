using System.Runtime.InteropServices;
using QkdEdge.Alignment;

namespace QkdEdge.Station.Peer;

/// <summary>
/// Reads the inflated body of a tag series (round count, period, then two varints per round) from bytes fed in
/// pieces of any size, so a series can be decoded while it is still arriving. <see cref="Feed"/> consumes whole
/// fields only and returns how many bytes it used; the caller keeps the rest and feeds it again with what follows.
/// </summary>
internal sealed class TagSeriesParser
{
    /// <summary>Smallest encoding of one round: two one-byte varints.</summary>
    private const int MinBytesPerRound = 2;

    private readonly long _maxRounds;
    private readonly long? _totalBytes;
    private readonly int _segmentRounds;
    private readonly Action<BlockTags>? _onSegment;
    private long _consumed;
    private ulong? _count;
    private ulong _period;
    private BlockTags.Builder? _builder;
    private ulong _decoded;
    private long _round;
    private long _tag;

    /// <param name="maxRounds">Largest round count accepted.</param>
    /// <param name="totalBytes">The whole body's length, when known up front: a count the bytes cannot hold is then refused before anything is allocated for it.</param>
    /// <param name="segmentRounds">With <paramref name="onSegment"/>: hand the series out in segments of this many rounds
    /// (the last one shorter) as they are complete, instead of building it whole.</param>
    /// <param name="onSegment">Receives each segment, in order.</param>
    public TagSeriesParser(long maxRounds, long? totalBytes = null, int segmentRounds = 0, Action<BlockTags>? onSegment = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRounds);
        if (onSegment is not null)
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segmentRounds);
        _maxRounds = maxRounds;
        _totalBytes = totalBytes;
        _segmentRounds = segmentRounds;
        _onSegment = onSegment;
    }

    public bool IsComplete => _count is { } count && _decoded == count;

    /// <summary>Reads what it can of <paramref name="data"/>; <paramref name="final"/> says nothing follows it.</summary>
    public int Feed(ReadOnlySpan<byte> data, bool final)
    {
        int offset = 0;
        if (_count is null)
        {
            int start = offset;
            if (!TryRead(data, ref offset, final, out ulong count) || !TryRead(data, ref offset, final, out ulong period))
                return start;
            StartSeries(count, period, offset);
        }

        while (_decoded < _count)
        {
            int start = offset;
            if (start == data.Length)
            {
                if (final)
                    throw new FormatException($"The tag series ends after {_decoded} of the {_count} rounds it claims.");
                return Consumed(start);
            }

            // The shortest stretch worth taking in bulk is 2 * MinCleanRun zero bytes, checked in one read here so that
            // the rounds of a jittery link, which seldom start one, pay no more than that.
            if (_decoded > 0 && data.Length - offset >= 2 * MinCleanRun && MemoryMarshal.Read<UInt128>(data[offset..]) == UInt128.Zero
                && CleanRounds(data, ref offset))
                continue;

            if (_decoded == 0)
            {
                if (!TryRead(data, ref offset, final, out ulong round) || !TryRead(data, ref offset, final, out ulong tag))
                    return Consumed(start);
                _round = Unzigzag(round);
                _tag = Unzigzag(tag);
            }
            else
            {
                if (!TryRead(data, ref offset, final, out ulong gap) || !TryRead(data, ref offset, final, out ulong residue))
                    return Consumed(start);
                // The gap is checked before the one is added: a gap of 2^64 - 1 would otherwise wrap to a step of zero.
                if (gap >= long.MaxValue / 2 || _round > long.MaxValue - (long)gap - 1)
                    throw new FormatException($"Round {_decoded}: a step of {gap} + 1 after round {_round} runs past the largest round index.");
                long step = (long)gap + 1;
                _round += step;
                _tag = unchecked(_tag + (step * (long)_period) + Unzigzag(residue));
            }

            _builder!.Add(_round, _tag);
            _decoded++;
            if (_onSegment is not null && (_builder.Count == _segmentRounds || _decoded == _count))
            {
                _onSegment(_builder.Build());
                _builder = new BlockTags.Builder(Math.Min((long)(_count!.Value - _decoded), _segmentRounds));
            }
        }

        if (offset != data.Length)
            throw new FormatException("Bytes follow the last round of the tag series.");
        return Consumed(offset);
    }

    /// <summary>
    /// Takes a stretch of rounds that each encode as two zero bytes (the next index, exactly a period after the last
    /// tag: nearly every round of a clean link) at once, as far as the series, the current segment and the bytes at
    /// hand allow; false when there is none. Round by round, parsing took most of the decoding.
    /// </summary>
    private bool CleanRounds(ReadOnlySpan<byte> data, ref int offset)
    {
        long room = (long)(_count!.Value - _decoded);
        if (_onSegment is not null)
            room = Math.Min(room, _segmentRounds - _builder!.Count);
        long headroom = _round < 0 ? long.MaxValue : long.MaxValue - _round; // round indices may be negative; never wrap
        // Only the bytes this call may take are searched for the end of the zeros: searching the whole buffer for a
        // stretch of at most CleanRunLimit rounds made parsing a long clean buffer quadratic.
        var reach = data.Slice(offset, (int)Math.Min(data.Length - offset, 2 * Math.Min(Math.Min(room, CleanRunLimit), headroom)));
        int zeros = reach.IndexOfAnyExcept((byte)0);
        int take = (zeros < 0 ? reach.Length : zeros) / 2;
        if (take < MinCleanRun)
            return false;
        long period = (long)_period;
        _builder!.AddSteady(_round + 1, unchecked(_tag + period), take, period);
        _round += take;
        _tag = unchecked(_tag + (period * take));
        _decoded += (ulong)take;
        offset += 2 * take;
        if (_onSegment is not null && (_builder.Count == _segmentRounds || _decoded == _count))
        {
            _onSegment(_builder.Build());
            _builder = new BlockTags.Builder(Math.Min((long)(_count!.Value - _decoded), _segmentRounds));
        }

        return true;
    }

    /// <summary>Shorter stretches go round by round (the bulk path's setup would cost more than it saves).</summary>
    private const int MinCleanRun = 8;

    /// <summary>Rounds taken in bulk at a time (8 KB of tags).</summary>
    private const int CleanRunLimit = 1024;


    /// <summary>The series, once every round has been fed (empty when it was handed out in segments).</summary>
    public BlockTags Finish()
    {
        if (_count is null)
            throw new FormatException("The tag series ends inside a number.");
        if (_decoded != _count)
            throw new FormatException($"The tag series ends after {_decoded} of the {_count} rounds it claims.");
        return _onSegment is null ? _builder!.Build() : BlockTags.Empty;
    }

    private void StartSeries(ulong count, ulong period, int headerBytes)
    {
        if (count > (ulong)_maxRounds)
            throw new FormatException($"The tag series claims {count} rounds; a block has at most {_maxRounds}.");

        // Checked before the buffers are allocated from the claimed count: the bytes present must be able to hold it.
        if (_totalBytes is { } total && count > (ulong)((total - _consumed - headerBytes) / MinBytesPerRound))
            throw new FormatException($"The tag series claims {count} rounds but holds {total - _consumed - headerBytes} bytes for them (at least {MinBytesPerRound} per round).");
        if (period is 0 or > long.MaxValue)
            throw new FormatException($"The tag series' round period of {period} ticks is not a positive 64-bit number.");
        _count = count;
        _period = period;
        _builder = new BlockTags.Builder(_onSegment is null ? (long)count : Math.Min((long)count, _segmentRounds));
    }

    private int Consumed(int bytes)
    {
        _consumed += bytes;
        return bytes;
    }

    /// <summary>Reads a varint; false when <paramref name="data"/> ends inside it and more may follow.</summary>
    private static bool TryRead(ReadOnlySpan<byte> data, ref int offset, bool final, out ulong value)
    {
        value = 0;
        int at = offset;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (at >= data.Length)
            {
                if (final)
                    throw new FormatException("The tag series ends inside a number.");
                return false;
            }

            byte b = data[at++];
            if (shift == 63 && b > 1)
                throw new FormatException("A number of the tag series overflows 64 bits.");
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                offset = at;
                return true;
            }
        }

        throw new FormatException("A number of the tag series is longer than 10 bytes.");
    }

    private static long Unzigzag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);
}
