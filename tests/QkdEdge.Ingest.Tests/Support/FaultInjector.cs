namespace QkdEdge.Ingest.Tests.Support;

/// <summary>Which byte-level faults a serial link suffers.</summary>
[Flags]
public enum LinkFaults
{
    BitFlips = 1,
    DroppedBytes = 2,
    InsertedBytes = 4,
    All = BitFlips | DroppedBytes | InsertedBytes,
}

/// <summary>
/// Corrupts a byte stream like a noisy serial link: each byte in the faulty region independently
/// suffers a fault with the given probability (a flipped bit, the byte dropped, or a random byte
/// inserted before it). Bytes outside [start, end) pass untouched (the quiet phases of a test).
/// </summary>
public static class FaultInjector
{
    public static byte[] Corrupt(byte[] clean, int start, int end, double ratePerByte, LinkFaults faults, int seed, out int faultCount)
    {
        var random = new Random(seed);
        LinkFaults[] kinds = Enum.GetValues<LinkFaults>().Where(f => f != LinkFaults.All && faults.HasFlag(f)).ToArray();
        var output = new List<byte>(clean.Length + 1024);
        faultCount = 0;
        for (int i = 0; i < clean.Length; i++)
        {
            byte b = clean[i];
            if (i < start || i >= end || random.NextDouble() >= ratePerByte)
            {
                output.Add(b);
                continue;
            }

            faultCount++;
            switch (kinds[random.Next(kinds.Length)])
            {
                case LinkFaults.BitFlips:
                    output.Add((byte)(b ^ (1 << random.Next(8))));
                    break;
                case LinkFaults.DroppedBytes:
                    break;
                case LinkFaults.InsertedBytes:
                    output.Add((byte)random.Next(256));
                    output.Add(b);
                    break;
            }
        }

        return output.ToArray();
    }
}
