namespace QkdEdge.Wire.Framing
{
    /// <summary>
    /// Little-endian reads and writes on byte arrays. Hand-written because nanoFramework has no
    /// System.Buffers.Binary, and its BitConverter follows the platform's byte order, while the wire
    /// order is fixed. Callers check bounds before calling (these sit on per-field hot paths).
    /// </summary>
    public static class LittleEndian
    {
        public static void WriteUInt16LittleEndian(byte[] buffer, int offset, ushort value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
        }

        public static void WriteUInt32LittleEndian(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
            buffer[offset + 3] = (byte)(value >> 24);
        }

        public static void WriteUInt64LittleEndian(byte[] buffer, int offset, ulong value)
        {
            WriteUInt32LittleEndian(buffer, offset, (uint)value);
            WriteUInt32LittleEndian(buffer, offset + 4, (uint)(value >> 32));
        }

        public static ushort ReadUInt16LittleEndian(byte[] buffer, int offset)
        {
            return (ushort)(buffer[offset] | (buffer[offset + 1] << 8));
        }

        public static uint ReadUInt32LittleEndian(byte[] buffer, int offset)
        {
            return (uint)buffer[offset]
                | ((uint)buffer[offset + 1] << 8)
                | ((uint)buffer[offset + 2] << 16)
                | ((uint)buffer[offset + 3] << 24);
        }

        public static ulong ReadUInt64LittleEndian(byte[] buffer, int offset)
        {
            return ReadUInt32LittleEndian(buffer, offset) | ((ulong)ReadUInt32LittleEndian(buffer, offset + 4) << 32);
        }
    }
}
