using QkdEdge.Archive;
using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Measurement;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Planes;
using QkdEdge.Rounds;

namespace QkdEdge.Cli.Commands.Bench;

/// <summary>
/// A block read back from the two stations' archives, a batch at a time, as the bit-planes sifting works on:
/// Alice's setting bits, Bob's, each station's output binned from its clicks, and Alice's test selection, drawn here
/// (the archive holds what the boards measured; the test draw is the host's). Rounds pair by index: the archives
/// come from <see cref="ArchivedBlockWriter"/>, whose stations share indices. Reading counts towards the block.
/// </summary>
public sealed class ArchivedRoundSource : IBlockRoundSource, IDisposable
{
    private readonly ArchiveReader _aliceArchive;
    private readonly ArchiveReader _bobArchive;
    private readonly IEnumerator<RoundBatch> _alice;
    private readonly IEnumerator<RoundBatch> _bob;
    private readonly ushort _test;
    private Xoshiro256StarStar _random;
    private int _used;      // rounds of the current batches already handed out
    private bool _hasBatch;

    public ArchivedRoundSource(string alicePath, string bobPath, double testFraction, ulong seed)
    {
        _aliceArchive = ArchiveReader.Open(alicePath);
        _bobArchive = ArchiveReader.Open(bobPath);
        if (_aliceArchive.Header.SettingAlphabet != 3 || _bobArchive.Header.SettingAlphabet != 2)
            throw new ArgumentException("The archives must hold a CHSH block: Alice with 3 settings, Bob with 2.");
        _alice = _aliceArchive.ReadBlock(0, timeTags: false).GetEnumerator(); // pairing is by index: tags are alignment's
        _bob = _bobArchive.ReadBlock(0, timeTags: false).GetEnumerator();
        _test = BernoulliWords.Quantise(testFraction);
        _random = new Xoshiro256StarStar(seed);
    }

    public bool CountsTowardsBlock => true;

    public void Fill(RoundPlaneBuffers buffers, int rounds)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rounds, buffers.Capacity);
        int filled = 0;
        while (filled < rounds)
        {
            if (!_hasBatch || _used == _alice.Current.Count)
                NextBatches();
            var alice = _alice.Current;
            var bob = _bob.Current;
            // Whole words only, except at the end of the request: the planes are written 64 rounds at a time.
            int take = Math.Min(rounds - filled, alice.Count - _used);
            if ((filled & 63) != 0)
                throw new InvalidOperationException("Archive batches must hold a multiple of 64 rounds, except the block's last.");
            var planes = (filled >> 6)..;
            ByteColumns.Plane(alice.Settings.AsSpan(_used, take), 1, buffers.AliceHigh.AsSpan(planes));
            ByteColumns.Plane(alice.Settings.AsSpan(_used, take), 0, buffers.AliceLow.AsSpan(planes));
            ByteColumns.Plane(bob.Settings.AsSpan(_used, take), 0, buffers.Bob.AsSpan(planes));
            OutputPlane.Bin(OutcomeBinning.Default, alice.Clicks.AsSpan(_used, take), buffers.OutcomeA.AsSpan(planes));
            OutputPlane.Bin(OutcomeBinning.Default, bob.Clicks.AsSpan(_used, take), buffers.OutcomeB.AsSpan(planes));
            _used += take;
            filled += take;
        }

        int words = PackedBits.WordCount(rounds);
        for (int w = 0; w < words; w++)
            buffers.TestMask[w] = BernoulliWords.Next(ref _random, _test);
        PackedBits.ClearTail(buffers.TestMask.AsSpan(0, words), rounds);
        buffers.RoundCount = rounds;
    }

    private void NextBatches()
    {
        bool alice = _alice.MoveNext(), bob = _bob.MoveNext();
        if (!alice || !bob)
            throw new InvalidOperationException("The archives hold fewer rounds than the block asks for.");
        if (_alice.Current.FirstRound != _bob.Current.FirstRound || _alice.Current.Count != _bob.Current.Count)
            throw new InvalidOperationException(
                $"The archives' batches differ (rounds {_alice.Current.FirstRound} + {_alice.Current.Count} against {_bob.Current.FirstRound} + {_bob.Current.Count}): they do not pair round for round.");
        _used = 0;
        _hasBatch = true;
    }

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
        _aliceArchive.Dispose();
        _bobArchive.Dispose();
    }
}
