using QkdEdge.Emulator.Optics;
using QkdEdge.Emulator.Randomness;

namespace QkdEdge.Emulator.Adversaries;

/// <summary>
/// A box with memory and no per-round shared randomness: it outputs the top bit of a 64-bit register
/// that it updates from its own previous output. Both boxes start from the same register (the
/// adversary's one pre-shared secret) and ignore their settings, so they always agree, so their
/// histories stay identical, so they keep agreeing: a pseudo-random key both stations share and the
/// adversary can recompute. Every correlator is +1, hence S = 1 + 1 + 1 - 1 = 2: no violation.
/// </summary>
public sealed class SynchronizedMemoryBox : ILocalBox
{
    private ulong _register;

    public SynchronizedMemoryBox(ulong initialRegister) => _register = initialRegister;

    public byte Answer(long pulse, byte ownSetting, ulong sharedHiddenVariable)
    {
        int bit = (int)(SplitMix64.Mix(_register) >> 63);
        _register = SplitMix64.Mix(_register + SplitMix64.GoldenGamma + (ulong)bit);
        return ClickPatterns.SingleClick(bit);
    }
}
