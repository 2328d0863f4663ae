using QkdEdge.Distillation.Bits;

namespace QkdEdge.Distillation.Reconciliation.Cascade;

/// <summary>
/// Interactive Cascade (Brassard and Salvail, EUROCRYPT '93), written plainly as the baseline the LDPC path is
/// measured against. Each pass shuffles the key (pass 1 keeps the order), Alice discloses every block parity,
/// and Bob runs BINARY on each block whose parity differs; a corrected bit flips the parity of the blocks that
/// contain it in earlier passes, which are then searched too (the cascade). Searches run in parallel, so one
/// round trip carries one halving step of every open search. Every parity Alice discloses is charged (a binary
/// search costs about log2 of the block size, not one bit per error), and so is every bit Bob sends back.
/// Both parties' computations run in this process; the ledger records what the messages would carry.
/// </summary>
public static class CascadeReconciliation
{
    public static CascadeResult Run(
        ReadOnlySpan<ulong> alice, ReadOnlySpan<ulong> bob, long keyBits, CascadeSchedule schedule, ulong shuffleSeed)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keyBits);
        if (keyBits > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(keyBits), keyBits, "Cascade here works on keys below 2^31 bits.");
        }

        int n = (int)keyBits;
        var a = Unpack(alice, n);
        var b = Unpack(bob, n);
        var ledger = new LeakLedger();
        var rng = new Xoshiro256StarStar(shuffleSeed);
        var passes = new List<Pass>();
        int corrected = 0;
        for (int p = 0; p < schedule.Passes; p++)
        {
            var pass = new Pass(n, Math.Clamp(schedule.BlockSize(p), 1, n), p == 0 ? null : ShuffledOrder(n, ref rng), a);
            passes.Add(pass);

            // Alice sends every block parity; Bob answers which blocks he will search (one bit per block).
            ledger.Charge(DisclosureKind.Parity, pass.BlockCount);
            ledger.Charge(DisclosureKind.Reply, pass.BlockCount);
            ledger.CountRoundTrip();
            var open = new List<Search>();
            var queued = new HashSet<(int Pass, int Block)>();
            for (int block = 0; block < pass.BlockCount; block++)
            {
                if (pass.AliceParity[block] != pass.Parity(b, block))
                {
                    open.Add(pass.StartSearch(p, block));
                    queued.Add((p, block));
                }
            }

            while (open.Count > 0)
            {
                // One round trip: Alice discloses the parity of the left half of every open search; Bob's next
                // request says which half he continues in (one bit per search).
                ledger.CountRoundTrip();
                var found = new List<int>();
                var next = new List<Search>();
                foreach (var search in open)
                {
                    var owner = passes[search.Pass];
                    if (search.AliceParity == owner.RangeParity(b, search.Low, search.High))
                    {
                        // A correction made elsewhere already fixed this block's odd error count: nothing to find.
                        queued.Remove((search.Pass, search.Block));
                        continue;
                    }

                    if (search.High - search.Low == 1)
                    {
                        // A single bit with a parity mismatch is the error; nothing more needs disclosing.
                        found.Add(owner.PositionAt(search.Low));
                        queued.Remove((search.Pass, search.Block));
                        continue;
                    }

                    int mid = (search.Low + search.High) / 2;
                    int aliceLeft = owner.RangeParity(a, search.Low, mid);
                    ledger.Charge(DisclosureKind.Parity, 1);
                    ledger.Charge(DisclosureKind.Reply, 1);
                    var narrowed = aliceLeft != owner.RangeParity(b, search.Low, mid)
                        ? search with { High = mid, AliceParity = aliceLeft }
                        : search with { Low = mid, AliceParity = search.AliceParity ^ aliceLeft };
                    if (narrowed.High - narrowed.Low == 1)
                    {
                        found.Add(owner.PositionAt(narrowed.Low));
                        queued.Remove((search.Pass, search.Block));
                    }
                    else
                    {
                        next.Add(narrowed);
                    }
                }

                // Searches of different passes can end on the same error in one round: flip it once.
                found = found.Distinct().ToList();
                foreach (int position in found)
                {
                    b[position] ^= 1;
                    corrected++;
                }

                // The cascade: blocks of every pass so far that now hold an odd number of differences.
                foreach (int position in found)
                {
                    for (int q = 0; q < passes.Count; q++)
                    {
                        int block = passes[q].BlockOf(position);
                        if (!queued.Contains((q, block)) && passes[q].AliceParity[block] != passes[q].Parity(b, block))
                        {
                            next.Add(passes[q].StartSearch(q, block));
                            queued.Add((q, block));
                        }
                    }
                }

                open = next;
            }
        }

        return new CascadeResult(Pack(b, n), keyBits, ledger, corrected);
    }

    private static int[] ShuffledOrder(int n, ref Xoshiro256StarStar rng)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        rng.Shuffle(order.AsSpan());
        return order;
    }

    private static byte[] Unpack(ReadOnlySpan<ulong> bits, int n)
    {
        var result = new byte[n];
        for (int i = 0; i < n; i++)
        {
            result[i] = (byte)PackedBits.GetBit(bits, i);
        }

        return result;
    }

    private static ulong[] Pack(byte[] bits, int n)
    {
        var result = new ulong[PackedBits.WordCount(n)];
        for (int i = 0; i < n; i++)
        {
            if (bits[i] != 0)
            {
                PackedBits.Set(result, i, true);
            }
        }

        return result;
    }

    /// <summary>An open BINARY search over shuffled positions [Low, High) of a pass, with Alice's parity of that range.</summary>
    private readonly record struct Search(int Pass, int Block, int Low, int High, int AliceParity);

    private sealed class Pass
    {
        private readonly int[]? _order;
        private readonly int[]? _rank;
        private readonly int _n;

        public Pass(int n, int blockSize, int[]? order, byte[] alice)
        {
            _n = n;
            _order = order;
            BlockSize = blockSize;
            BlockCount = (n + blockSize - 1) / blockSize;
            if (order is not null)
            {
                _rank = new int[n];
                for (int i = 0; i < n; i++)
                {
                    _rank[order[i]] = i;
                }
            }

            AliceParity = new int[BlockCount];
            for (int block = 0; block < BlockCount; block++)
            {
                AliceParity[block] = Parity(alice, block);
            }
        }

        public int BlockSize { get; }

        public int BlockCount { get; }

        public int[] AliceParity { get; }

        public int PositionAt(int shuffled) => _order is null ? shuffled : _order[shuffled];

        public int BlockOf(int position) => (_rank is null ? position : _rank[position]) / BlockSize;

        public int Parity(byte[] bits, int block) => RangeParity(bits, block * BlockSize, Math.Min(_n, (block + 1) * BlockSize));

        public int RangeParity(byte[] bits, int low, int high)
        {
            int parity = 0;
            for (int i = low; i < high; i++)
            {
                parity ^= bits[PositionAt(i)];
            }

            return parity;
        }

        public Search StartSearch(int pass, int block)
        {
            int low = block * BlockSize;
            return new Search(pass, block, low, Math.Min(_n, low + BlockSize), AliceParity[block]);
        }
    }
}
