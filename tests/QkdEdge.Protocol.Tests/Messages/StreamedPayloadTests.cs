using CsCheck;
using QkdEdge.Protocol.Messages;
using QkdEdge.Protocol.Planes;
using QkdEdge.Protocol.Tests.Support;

namespace QkdEdge.Protocol.Tests.PayloadCodecs;

/// <summary>
/// The block's large messages are read from a stream while their parts arrive and written to one a chunk at a time.
/// However the bytes are cut (a byte at a time, random pieces, reads that complete later), the streamed reader must
/// give what the whole payload gives, refuse a cut-short payload with the same message, and the writer must never
/// hand the stream more than a chunk at once (a whole 10^9-round reveal is 250 MB).
/// </summary>
public sealed class StreamedPayloadTests
{
    private static readonly Gen<(int Alphabet, int Rounds, int Tested, int Seed)> SmallReveals =
        Gen.Select(Gen.Int[0, 4].Select(i => new[] { 3, 5, 9, 100, 255 }[i]), Gen.Int[1, 300], Gen.Int[0, 300], Gen.Int);

    [Fact]
    public void Reveal_ReadAByteAtATime_GivesWhatTheWholePayloadGives()
    {
        Property.Check(SmallReveals, 100, seed: 71, input =>
        {
            var (alphabet, rounds, tested, seed) = input;
            var reveal = RandomReveal(new Random(seed), alphabet, rounds, tested);
            byte[] payload = reveal.Encode();

            var whole = RevealMessage.Decode(payload, alphabet, reveal.Scope);
            var streamed = RevealMessage.ReadAsync(new TricklingStream(payload, maxRead: 1, seed), alphabet, reveal.Scope, CancellationToken.None).GetAwaiter().GetResult();

            Assert.Equal(whole.Settings.ToBytes(), streamed.Settings.ToBytes());
            Assert.Equal(whole.TestedOutputs, streamed.TestedOutputs);
            Assert.Equal(whole.FirmwareVersion, streamed.FirmwareVersion);
        });
    }

    [Theory]
    [InlineData(3)]   // width 2, fields never straddle words
    [InlineData(5)]   // width 3: every chunk must hold whole fields
    [InlineData(100)] // width 7
    public async Task Reveal_OfSeveralChunksInRandomPieces_GivesWhatTheWholePayloadGives(int alphabet)
    {
        // Asked rounds fill the key-setting bits: more than two chunks' worth.
        int rounds = (int)(2L * StreamPayloadReader.ChunkBytes * 8) + 1001 * alphabet;
        var reveal = RandomReveal(new Random(alphabet), alphabet, rounds, 5000);
        byte[] payload = reveal.Encode();
        Assert.True(reveal.Scope.AskedCount > 2L * StreamPayloadReader.ChunkBytes * 8 - 5000);

        var streamed = await RevealMessage.ReadAsync(new TricklingStream(payload, maxRead: 70_000, alphabet), alphabet, reveal.Scope, CancellationToken.None);

        var whole = RevealMessage.Decode(payload, alphabet, reveal.Scope);
        Assert.Equal(whole.Settings.ToBytes(), streamed.Settings.ToBytes());
        Assert.Equal(whole.TestedOutputs, streamed.TestedOutputs);
    }

    [Fact]
    public void Reveal_CutShortAnywhere_IsRefusedWithTheWholeReadersMessage()
    {
        Property.Check(Gen.Select(SmallReveals, Gen.Int[0, int.MaxValue]), 100, seed: 72, input =>
        {
            var ((alphabet, rounds, tested, seed), where) = input;
            var reveal = RandomReveal(new Random(seed), alphabet, rounds, tested);
            byte[] payload = reveal.Encode();
            byte[] cut = payload[..(where % payload.Length)]; // always short of the whole

            var whole = Assert.Throws<MalformedPayloadException>(() => RevealMessage.Decode(cut, alphabet, reveal.Scope));
            var streamed = Assert.ThrowsAsync<MalformedPayloadException>(() =>
                RevealMessage.ReadAsync(new TricklingStream(cut, maxRead: 7, seed), alphabet, reveal.Scope, CancellationToken.None)).GetAwaiter().GetResult();

            Assert.Equal(whole.Message, streamed.Message);
        });
    }

    [Fact]
    public void TestSelection_ReadInPieces_GivesWhatTheWholePayloadGives_AndRefusesTrailingBytes()
    {
        Property.Check(Gen.Select(Gen.Int[1, 3000], Gen.Int), 100, seed: 73, input =>
        {
            var (rounds, seed) = input;
            var random = new Random(seed);
            var tested = RandomBlocks.Pack(RandomBlocks.Outputs(random, rounds));
            byte[] payload = new TestSelectionMessage("block-" + seed, rounds, tested).Encode();

            var streamed = TestSelectionMessage.ReadAsync(new TricklingStream(payload, maxRead: 13, seed), rounds, CancellationToken.None).GetAwaiter().GetResult();
            Assert.Equal(TestSelectionMessage.Decode(payload, rounds).Tested, streamed.Tested);
            Assert.Equal("block-" + seed, streamed.BlockId);

            byte[] longer = [.. payload, 0];
            var error = Assert.ThrowsAsync<MalformedPayloadException>(() =>
                TestSelectionMessage.ReadAsync(new TricklingStream(longer, maxRead: 13, seed), rounds, CancellationToken.None)).GetAwaiter().GetResult();
            Assert.StartsWith("1 unexpected bytes after the last field", error.Message);
        });
    }

    [Fact]
    public async Task Reveal_WriteAsync_HandsTheStreamAtMostAChunkAtATime_AndWritesTheWholePayloadsBytes()
    {
        int rounds = 3 * StreamPayloadReader.ChunkBytes * 8; // the key-setting bits alone take three chunks
        var reveal = RandomReveal(new Random(74), 100, rounds, 4000);
        var recording = new WriteRecordingStream();

        await reveal.WriteAsync(recording, CancellationToken.None);

        Assert.Equal(reveal.Encode(), recording.ToArray());
        Assert.True(recording.LargestWrite <= StreamPayloadReader.ChunkBytes, $"a write of {recording.LargestWrite} bytes");
        Assert.True(recording.Length > 2 * StreamPayloadReader.ChunkBytes); // so the bound above says something
    }

    /// <summary>About <paramref name="tested"/> tested rounds (each with probability tested / rounds), the key setting 0.</summary>
    private static RevealMessage RandomReveal(Random random, int alphabet, int rounds, int tested)
    {
        var selection = RandomBlocks.Tested(random, rounds, rounds == 0 ? 0 : Math.Min(1.0, (double)tested / rounds));
        var scope = new RevealScope(selection, rounds, 0);
        return new(SettingPlanes.FromBytes(RandomBlocks.Settings(random, rounds, alphabet), alphabet),
            RandomBlocks.Pack(RandomBlocks.Outputs(random, (int)scope.TestedCount)), scope, "fw " + random.Next(100));
    }

    /// <summary>Hands out a payload in random pieces of 1 to <c>maxRead</c> bytes, each read finishing after a yield, as parts arriving over a session do.</summary>
    private sealed class TricklingStream(byte[] payload, int maxRead, int seed) : Stream
    {
        private readonly Random _random = new(seed);
        private int _at;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            int take = Math.Min(Math.Min(buffer.Length, payload.Length - _at), _random.Next(1, maxRead + 1));
            payload.AsSpan(_at, take).CopyTo(buffer.Span);
            _at += take;
            return take;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously, as the channel does");
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class WriteRecordingStream : MemoryStream
    {
        public int LargestWrite { get; private set; }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
            return base.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            LargestWrite = Math.Max(LargestWrite, count);
            return base.WriteAsync(buffer, offset, count, cancellationToken);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
            base.Write(buffer);
        }
    }
}
