namespace QkdEdge.Emulator.Adversaries;

/// <summary>
/// One station's box in a local model. It decides its station's click pattern from its own setting,
/// the hidden variable the adversary pre-shared for the pulse (the same value reaches every box), and
/// whatever it remembers of its own past. It never sees another station's setting or output: a model
/// built from these boxes is local by construction, so Bell's theorem bounds it.
/// </summary>
public interface ILocalBox
{
    /// <summary>The click pattern (<see cref="Optics.ClickPatterns"/>) for <paramref name="pulse"/>.</summary>
    byte Answer(long pulse, byte ownSetting, ulong sharedHiddenVariable);
}
