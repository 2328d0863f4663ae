namespace QkdEdge.KeyStore.Delivery;

/// <summary>
/// Where a delivered key lies: a byte range of one committed block key. Delivered keys are whole
/// bytes (ETSI GS QKD 014 sizes are multiples of 8 bits), so offsets and lengths count bytes.
/// </summary>
public readonly record struct KeyLocation(BlockTag Block, int ByteOffset, int ByteLength)
{
    public int BitOffset => ByteOffset * 8;
    public int BitLength => ByteLength * 8;
    public int ByteEnd => ByteOffset + ByteLength;
}
