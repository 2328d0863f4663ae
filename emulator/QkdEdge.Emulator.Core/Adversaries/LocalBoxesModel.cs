using QkdEdge.Emulator.Optics;
using QkdEdge.Emulator.Randomness;

namespace QkdEdge.Emulator.Adversaries;

/// <summary>
/// An optics model made of one <see cref="ILocalBox"/> per station. The hidden variable of pulse k is
/// element k of a SplitMix64 stream the adversary seeded (a pre-shared random tape: Eve knows it, the
/// stations do not). Boxes are asked in pulse order, so boxes with memory see their own history in order.
/// </summary>
public sealed class LocalBoxesModel : IOpticsModel
{
    private readonly ILocalBox[] _boxes;
    private readonly int[] _alphabets;
    private readonly ulong _tapeSeed;

    public LocalBoxesModel(IReadOnlyList<ILocalBox> boxes, IReadOnlyList<int> alphabets, ulong tapeSeed)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        ArgumentNullException.ThrowIfNull(alphabets);
        if (boxes.Count != alphabets.Count || boxes.Count == 0)
            throw new ArgumentException("One box and one setting alphabet per station are needed.");
        _boxes = boxes.ToArray();
        _alphabets = alphabets.ToArray();
        _tapeSeed = tapeSeed;
    }

    public int Stations => _boxes.Length;

    /// <summary>The hidden variable the adversary pre-shared for <paramref name="pulse"/>.</summary>
    public ulong HiddenVariable(long pulse) => SplitMix64.At(_tapeSeed, (ulong)pulse);

    public void Measure(long firstPulse, byte[][] settings, byte[][] clicks, int count)
    {
        OpticsArguments.Check(Stations, settings, clicks, count);
        for (int i = 0; i < count; i++)
        {
            long pulse = firstPulse + i;
            ulong hidden = HiddenVariable(pulse);
            for (int station = 0; station < _boxes.Length; station++)
            {
                byte setting = settings[station][i];
                if (setting >= _alphabets[station])
                    throw new ArgumentOutOfRangeException(nameof(settings), $"Station {station} has no setting {setting} (round {i} of the batch).");
                clicks[station][i] = _boxes[station].Answer(pulse, setting, hidden);
            }
        }
    }
}
