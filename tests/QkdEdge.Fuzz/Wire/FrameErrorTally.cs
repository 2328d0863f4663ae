using QkdEdge.Wire.Framing;

namespace QkdEdge.Fuzz.Wire;

/// <summary>Counts frame results by reason code, for a compact outcome line.</summary>
internal sealed class FrameErrorTally
{
    private static readonly FrameError[] Reasons = Enum.GetValues<FrameError>();
    private readonly int[] _counts = new int[Reasons.Length];

    public int Frames { get; private set; }

    public int Valid => _counts[(int)FrameError.None];

    public void Add(FrameError error)
    {
        if (!Enum.IsDefined(error))
            throw new ContractViolationException($"Reason code {(int)error} is not a documented FrameError.");
        _counts[(int)error]++;
        Frames++;
    }

    public FuzzOutcome ToOutcome() => new(Frames > 0 && Valid == Frames,
        Frames == 0 ? "no frames" : string.Join(" ", Reasons.Where(r => _counts[(int)r] > 0).Select(r => $"{r}x{_counts[(int)r]}")));
}
