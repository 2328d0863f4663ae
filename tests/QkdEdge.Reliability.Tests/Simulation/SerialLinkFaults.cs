namespace QkdEdge.Reliability.Tests.Simulation;

/// <summary>What the host sees of one boot's serial output: the connections in order, and host crashes between reads.</summary>
internal sealed record BootDelivery(IReadOnlyList<Connection> Connections);

/// <summary>
/// One connection to the board: the bytes that arrived (after corruption, drops and duplicates); when a host
/// crash ends it, the byte offset at which the host died; and when the archive's disk fills during it, the byte
/// offset from which only <paramref name="DiskRoom"/> more archive bytes fit.
/// </summary>
internal sealed record Connection(byte[] Bytes, int? CrashAt, int Seed, int? DiskFullAt = null, int DiskRoom = 0);

/// <summary>Applies a schedule's serial faults to a boot's captured bytes (pure: same inputs, same deliveries).</summary>
internal static class SerialLinkFaults
{
    public static BootDelivery Apply(byte[] clean, IEnumerable<SerialFault> faults, int seed)
    {
        var random = new Random(seed);
        var connections = new List<Connection>();
        var current = new List<byte>(clean.Length);
        int? crashAt = null;
        (int At, int Room)? diskFull = null;
        var ordered = faults.OrderBy(f => f.At).ToList();
        int position = 0;
        // Faults never reach into the last 10 % of a boot (the quiet phase): the board's last frames arrive, so the
        // host learns where the boot's rounds ended and every lost round is counted.
        int quiet = (int)(0.9 * clean.Length);
        foreach (var fault in ordered)
        {
            int at = Math.Clamp((int)(fault.At * clean.Length), position, quiet);
            current.AddRange(clean.AsSpan(position, at - position));
            position = at;
            switch (fault.Kind)
            {
                case SerialFaultKind.CorruptBytes:
                    for (int i = 0; i < fault.Length && position < quiet; i++, position++)
                        current.Add((byte)(clean[position] ^ (1 + random.Next(255))));
                    break;
                case SerialFaultKind.DropBytes:
                    position = Math.Min(quiet, position + fault.Length);
                    break;
                case SerialFaultKind.DuplicateBytes:
                    int from = Math.Max(0, position - fault.Length);
                    current.AddRange(clean.AsSpan(from, position - from));
                    break;
                case SerialFaultKind.Unplug:
                    // Bytes in flight when the cable came out are lost; the board keeps running meanwhile.
                    connections.Add(Delivered(current, crashAt, random.Next(), diskFull));
                    (current, crashAt, diskFull) = (new List<byte>(), null, null);
                    position = Math.Min(quiet, position + fault.Length);
                    break;
                case SerialFaultKind.HostKill:
                    // The host dies here; the board keeps running, the restarted host connects afresh.
                    crashAt = current.Count;
                    connections.Add(Delivered(current, crashAt, fault.Length, diskFull));
                    (current, crashAt, diskFull) = (new List<byte>(), null, null);
                    break;
                case SerialFaultKind.ArchiveDiskFull:
                    // The disk fills here; the host reads on until a segment write fails for want of room.
                    diskFull ??= (current.Count, fault.Length % DiskRoomBytes);
                    break;
            }
        }

        current.AddRange(clean.AsSpan(position));
        connections.Add(Delivered(current, crashAt, random.Next(), diskFull));
        return new BootDelivery(connections);
    }

    /// <summary>
    /// Room left on a disk that fills: up to a few segments (a segment of eight 120-round batches is a few
    /// kilobytes), so the failing write is sometimes the next one and sometimes a later one, and tears part way.
    /// </summary>
    private const int DiskRoomBytes = 16 * 1024;

    private static Connection Delivered(List<byte> bytes, int? crashAt, int seed, (int At, int Room)? diskFull) =>
        new([.. bytes], crashAt, seed, diskFull?.At, diskFull?.Room ?? 0);
}
