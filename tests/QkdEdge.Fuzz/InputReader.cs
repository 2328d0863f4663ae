namespace QkdEdge.Fuzz;

/// <summary>
/// Reads the structure a target imposes on its input (selector bytes, length-prefixed records).
/// Running out of input is never an error: reads past the end give zeros or empty slices, so every
/// byte string is a valid input and the fuzzer wastes no executions on a harness-level reject.
/// </summary>
public ref struct InputReader(ReadOnlySpan<byte> input)
{
    private readonly ReadOnlySpan<byte> _input = input;
    private int _offset;

    public readonly bool AtEnd => _offset >= _input.Length;

    public readonly int Remaining => _input.Length - _offset;

    public byte U8() => _offset < _input.Length ? _input[_offset++] : (byte)0;

    public ushort U16() => (ushort)(U8() | (U8() << 8));

    public ReadOnlySpan<byte> Take(int count)
    {
        int n = Math.Min(count, Remaining);
        var slice = _input.Slice(_offset, n);
        _offset += n;
        return slice;
    }

    public ReadOnlySpan<byte> Rest() => Take(Remaining);
}
