using System.Numerics;
using QkdEdge.Distillation.Bits;

namespace QkdEdge.Protocol.Messages;

/// <summary>
/// The bits of a plane at the rounds a mask selects, in round order, as a bit string made and taken apart a chunk at a
/// time: a reveal's key-setting bits are a plane's worth of rounds (123 MB at 10^9), which neither end should hold
/// whole beside the planes themselves.
/// </summary>
internal static class MaskedBits
{
    /// <summary>Makes the string's words in order, for <see cref="StreamPayloadWriter.WriteBitsAsync(Stream, long, StreamPayloadWriter.WordSource, CancellationToken)"/>.</summary>
    public sealed class Gather(Func<int, ulong> values, Func<int, ulong> masks, int words)
    {
        private int _word;
        private long _nextOutput;
        private ulong _pending;
        private int _pendingBits; // always below 64

        public void Fill(long firstWord, Span<ulong> output)
        {
            if (firstWord != _nextOutput)
                throw new InvalidOperationException($"Words are made in order: {firstWord} asked, {_nextOutput} next.");
            int o = 0;
            while (o < output.Length)
            {
                if (_word >= words)
                {
                    output[o++] = _pending; // the last, partial word; anything after it is zero
                    _pending = 0;
                    _pendingBits = 0;
                    continue;
                }
                ulong mask = masks(_word);
                int count = BitOperations.PopCount(mask);
                ulong bits = count == 0 ? 0 : BitGather.Extract(values(_word), mask);
                _word++;
                if (count == 0)
                    continue;
                _pending |= bits << _pendingBits;
                int total = _pendingBits + count;
                if (total < 64)
                {
                    _pendingBits = total;
                    continue;
                }
                output[o++] = _pending;
                int used = 64 - _pendingBits;
                _pending = used == 64 ? 0 : bits >> used;
                _pendingBits = total - 64;
            }
            _nextOutput += output.Length;
        }
    }

    /// <summary>Takes the string apart as its chunks arrive, depositing each word's share at its masked rounds.</summary>
    public sealed class Scatter(Func<int, ulong> masks, ulong[] target, int words)
    {
        private int _word;
        private ulong _pending;
        private int _pendingBits; // always below the current word's need, so below 64

        /// <summary>The next <paramref name="bitCount"/> bits of the string, low bit of word 0 first.</summary>
        public void Consume(ReadOnlySpan<byte> bytes, long bitCount)
        {
            for (long at = 0; at < bitCount; at += 64)
            {
                int available = (int)Math.Min(64, bitCount - at);
                ulong input = PayloadReader.WordAt(bytes, (int)(at >> 6));
                if (available < 64)
                    input &= (1UL << available) - 1;
                Take(input, available);
            }
        }

        /// <summary>Checks that the string filled every masked round.</summary>
        public void Finish()
        {
            Take(0, 0);
            if (_word < words || _pendingBits != 0)
                throw new MalformedPayloadException($"key-setting bits end at round word {_word} of {words}.");
        }

        private void Take(ulong input, int available)
        {
            while (_word < words)
            {
                ulong mask = masks(_word);
                int need = BitOperations.PopCount(mask);
                if (_pendingBits + available < need)
                {
                    if (available > 0)
                        _pending |= input << _pendingBits;
                    _pendingBits += available;
                    return;
                }
                int fromInput = need - _pendingBits;
                ulong value = _pending | (fromInput == 0 ? 0 : (input & LowBits(fromInput)) << _pendingBits);
                input = fromInput == 64 ? 0 : input >> fromInput;
                available -= fromInput;
                _pending = 0;
                _pendingBits = 0;
                if (need > 0)
                    target[_word] |= BitGather.Deposit(value, mask);
                _word++;
            }
            if (available > 0)
                throw new MalformedPayloadException("key-setting bits go on past the last masked round.");
        }

        private static ulong LowBits(int count) => count == 64 ? ulong.MaxValue : (1UL << count) - 1;
    }
}
