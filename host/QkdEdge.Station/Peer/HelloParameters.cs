using System.Globalization;
using System.Text;

namespace QkdEdge.Station.Peer;

/// <summary>
/// What each station announces in its session hello: the plan it runs. Both must run the same one, or their
/// blocks and thresholds would differ; a mismatch ends the session with a message saying what differs.
/// </summary>
internal sealed record HelloParameters(
    string Protocol,
    long BlockRounds,
    double TestFraction,
    double ExpectedChsh,
    double ExpectedErrorRate,
    double Soundness,
    int AuthenticationReplenishBytes)
{
    private const byte Version = 2;

    /// <summary>Refuses invalid UTF-8 in the protocol name instead of replacing it, so a mismatch names what was sent.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public byte[] Encode()
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write(Version);
        writer.Write(Protocol);
        writer.Write(BlockRounds);
        writer.Write(TestFraction);
        writer.Write(ExpectedChsh);
        writer.Write(ExpectedErrorRate);
        writer.Write(Soundness);
        writer.Write(AuthenticationReplenishBytes);
        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>Decodes the peer's announcement; <see cref="FormatException"/> when it is not one.</summary>
    public static HelloParameters Decode(ReadOnlyMemory<byte> payload)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(payload.ToArray()), StrictUtf8);
            if (reader.ReadByte() != Version)
                throw new FormatException("The peer announces its plan in another format version.");
            string protocol = reader.ReadString();
            long rounds = reader.ReadInt64();
            double gamma = reader.ReadDouble();
            double chsh = reader.ReadDouble();
            double q = reader.ReadDouble();
            double soundness = reader.ReadDouble();
            int replenish = reader.ReadInt32();
            if (reader.BaseStream.Position != reader.BaseStream.Length)
                throw new FormatException("Bytes follow the peer's plan announcement.");
            return new HelloParameters(protocol, rounds, gamma, chsh, q, soundness, replenish);
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or DecoderFallbackException)
        {
            throw new FormatException("The peer's plan announcement does not parse.", ex);
        }
    }

    /// <summary>Null when both stations run the same plan; otherwise what differs.</summary>
    public string? Disagreement(HelloParameters peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var c = CultureInfo.InvariantCulture;
        if (peer.Protocol != Protocol)
            return $"protocol {Protocol} here, {peer.Protocol} at the peer";
        if (peer.BlockRounds != BlockRounds)
            return string.Create(c, $"blocks of {BlockRounds} rounds here, {peer.BlockRounds} at the peer");
        if (peer.TestFraction != TestFraction || peer.ExpectedChsh != ExpectedChsh || peer.ExpectedErrorRate != ExpectedErrorRate || peer.Soundness != Soundness)
            return string.Create(c, $"plan (gamma {TestFraction}, S {ExpectedChsh}, Q {ExpectedErrorRate}, soundness {Soundness}) here, (gamma {peer.TestFraction}, S {peer.ExpectedChsh}, Q {peer.ExpectedErrorRate}, soundness {peer.Soundness}) at the peer");
        if (peer.AuthenticationReplenishBytes != AuthenticationReplenishBytes)
            return string.Create(c, $"peer:authenticationReplenishBytes {AuthenticationReplenishBytes} here, {peer.AuthenticationReplenishBytes} at the peer (the authentication pools would diverge)");
        return null;
    }
}
