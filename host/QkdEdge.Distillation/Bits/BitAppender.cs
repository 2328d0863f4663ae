using System.Numerics;
using System.Runtime.CompilerServices;

namespace QkdEdge.Distillation.Bits;

/// <summary>
/// Appends variable-length runs of bits to a packed bit string starting at any bit position, writing whole
/// words. Bits of the destination before the start position are preserved; bits after the last appended one
/// in the final word are cleared.
/// </summary>
public ref struct BitAppender
{
    private readonly Span<ulong> _destination;
    private int _word;
    private ulong _pending;
    private int _pendingBits;

    public BitAppender(Span<ulong> destination, long startBit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startBit);
        _destination = destination;
        _word = (int)(startBit >> 6);
        _pendingBits = (int)(startBit & 63);
        _pending = _pendingBits == 0 ? 0 : destination[_word] & ((1UL << _pendingBits) - 1);
        Position = startBit;
    }

    /// <summary>Bit position of the next appended bit.</summary>
    public long Position { get; private set; }

    /// <summary>Appends the low <paramref name="count"/> (0..64) bits of <paramref name="bits"/>; higher bits must be zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(ulong bits, int count)
    {
        if (count == 0)
        {
            return;
        }

        _pending |= bits << _pendingBits;
        int total = _pendingBits + count;
        if (total >= 64)
        {
            _destination[_word++] = _pending;
            _pending = _pendingBits == 0 ? 0 : bits >> (64 - _pendingBits);
            total -= 64;
        }

        _pendingBits = total;
        Position += count;
    }

    /// <summary>
    /// Appends, word by word, the bits of <paramref name="values"/> selected by <paramref name="masks"/> (PEXT where
    /// BMI2 is present, <see cref="BitGather"/>'s scalar form elsewhere). One tight loop with the state in registers: through <see cref="Append"/> a
    /// word at a time, gathering the sifted key took as long as all of sifting's counting.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AppendSelected(scoped ReadOnlySpan<ulong> values, scoped ReadOnlySpan<ulong> masks)
    {
        if (values.Length < masks.Length)
        {
            throw new ArgumentException("Fewer values than masks.", nameof(values));
        }

        ulong pending = _pending;
        int used = _pendingBits;
        int word = _word;
        long added = 0;
        for (int i = 0; i < masks.Length; i++)
        {
            ulong mask = masks[i];
            ulong bits = BitGather.Extract(values[i], mask);
            int count = BitOperations.PopCount(mask);
            added += count;
            pending |= bits << used;
            int total = used + count;
            if (total >= 64)
            {
                _destination[word++] = pending;
                pending = (bits >> 1) >> (63 - used); // bits >> (64 - used), and 0 when used is 0
                total -= 64;
            }

            used = total;
        }

        _pending = pending;
        _pendingBits = used;
        _word = word;
        Position += added;
    }

    /// <summary>Writes the partial last word. Call once after the last append.</summary>
    public void Flush()
    {
        if (_pendingBits != 0)
        {
            _destination[_word] = _pending;
        }
    }
}
