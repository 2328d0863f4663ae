using QkdEdge.Protocol.Description;

namespace QkdEdge.Protocol.Engine;

/// <summary>
/// How a block of a uniform-input protocol (VV14: every round draws x and y uniformly, a gamma fraction is
/// tested afterwards) maps onto the entropy-accumulation protocol the finite-key analysis is proved for
/// (ARV/AF18: each round is a test round with probability gamma' and then has uniform Bell inputs, or a
/// key round with the key inputs).
///
/// Kept rounds are the tested Bell rounds plus every round on the key pair (tested or not). Which rounds
/// are kept is decided by the inputs and the test selection alone, both drawn independently of the
/// devices, so dropping the others is a public operation the EAT channels can absorb; given that a round
/// is kept, it is a test round with probability gamma' = gamma pBell / (gamma pBell + pKey), independently
/// of the past, and its inputs are then uniform on the Bell pairs; otherwise its inputs are the key pair.
/// The min-entropy is bounded for Alice's outputs on all kept rounds; the outputs she reveals (tested Bell
/// rounds and tested key rounds) are then charged bit for bit as leakage (chain rule for min-entropy),
/// which is never shorter-keyed than revealing them through error correction as AF18 does.
/// </summary>
public sealed record EntropyAccumulationView(long KeptRounds, double TestFraction, long RevealedAliceBits)
{
    public static EntropyAccumulationView For(ProtocolDescription protocol, double gamma, long bellTests, long keyTests, long rawKeyRounds)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        int pairs = protocol.AliceInputs * protocol.BobInputs;
        int bellPairs = 0;
        for (int x = 0; x < protocol.AliceInputs; x++)
            for (int y = 0; y < protocol.BobInputs; y++)
                if (protocol.BellWin(x, y, 0, 0) is not null)
                    bellPairs++;
        double pBell = (double)bellPairs / pairs;
        double pKey = 1.0 / pairs;
        double testFraction = gamma * pBell / (gamma * pBell + pKey);
        return new EntropyAccumulationView(bellTests + keyTests + rawKeyRounds, testFraction, bellTests + keyTests);
    }
}
