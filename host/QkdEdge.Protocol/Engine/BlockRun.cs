using System.Runtime.CompilerServices;
using System.Text;
using QkdEdge.Distillation.Bits;
using QkdEdge.KeyStore;
using QkdEdge.Distillation.Amplification;
using QkdEdge.Distillation.Verification;
using QkdEdge.Protocol.Messages;
using QkdEdge.Protocol.Planes;
using QkdEdge.Protocol.Statistics;
using QkdEdge.Security;
using QkdEdge.Security.FiniteKey;
using QkdEdge.Security.Statistics;

namespace QkdEdge.Protocol.Engine;

public sealed partial class BlockEngine
{
    /// <summary>The state of one block at one station, from the first message to the commit.</summary>
    /// <remarks>
    /// The block's planes are held only until sifting takes them (<see cref="TakeBlock"/>): from error correction on,
    /// the run keeps the raw key and the block's provenance, so that the longest phase of a 10^9-round block does not
    /// also hold its settings, clicks, outputs, test selection and the peer's revealed settings.
    /// </remarks>
    private sealed class BlockRun(BlockEngine engine, StationRole role, StationBlock pairedBlock, IBlockChannel channel, IProgress<PhaseProgress>? progress,
        CancellationToken ct)
    {
        /// <summary>Confidence of the CHSH interval reported with a key (two-sided, Hoeffding): 1 - 2 * 1e-3.</summary>
        private const double ReportEps = 1e-3;

        private StationBlock? _block = pairedBlock;
        private readonly long _firstRound = pairedBlock.FirstRound;
        private readonly int _rounds = pairedBlock.Rounds;
        private readonly string _archiveHash = pairedBlock.ArchiveHash;
        private readonly string _firmwareVersion = pairedBlock.FirmwareVersion;

        private BellTally? _tally;
        private AbortThresholds? _thresholds;
        private EntropyAccumulationView? _view;
        private long _leaked;
        private long _rawKeyBits;
        private long _correctionBits;
        private string _peerFirmware = "";

        /// <summary>True while Bob holds a staged key he has announced to Alice and her commit has not arrived.</summary>
        public bool AwaitingCommit { get; private set; }

        public string BlockId { get; } = pairedBlock.BlockId;

        public async Task<BlockOutcome> AliceAsync()
        {
            var (failure, rawKey, rawBits) = await SiftAsync(SiftAsAliceAsync);
            if (failure is not null)
                return failure;
            await LetSiftingUnwind();

            // 4. Error correction, Alice's side. The first round trip includes building the code on first use and
            // encoding every frame's syndrome.
            Report(BlockPhase.ErrorCorrection, 1);
            _rawKeyBits = rawBits;
            var reconciler = engine._reconciliation.ForAlice(rawKey, rawBits, ErrorRateForCorrection());
            var message = reconciler.Start();
            for (int trip = 1; ; trip++)
            {
                if (trip > 1)
                    Report(BlockPhase.ErrorCorrection, trip);
                await SendAsync(BlockMessageKind.Syndrome, message);
                var next = reconciler.OnReply((await ReceiveAsync(BlockMessageKind.SyndromeReply)).Span);
                if (next is null)
                    break;
                if (trip >= engine._reconciliation.MaxRoundTrips)
                {
                    _leaked += reconciler.DisclosedBits;
                    _correctionBits = reconciler.DisclosedBits;
                    return await AbortBothAsync(BlockAbortCause.VerificationFailed, $"error correction did not converge in {trip} round trips");
                }
                message = next;
            }
            _leaked += reconciler.DisclosedBits;
            _correctionBits = reconciler.DisclosedBits;
            long before = rawBits;
            (rawKey, rawBits) = reconciler.ReconciledKey();
            // Frames dropped by error correction take their entropy with them: the min-entropy of what is
            // left is bounded by that of the whole string less the dropped length (chain rule), so charge it.
            _leaked += before - rawBits;
            if (rawBits == 0)
                return await AbortBothAsync(BlockAbortCause.VerificationFailed, "error correction decoded no frame");

            // 5. Verification.
            Report(BlockPhase.Verification);
            int lanes = VerificationTagLength.LanesFor(rawBits, engine._settings.Security.ErrorCorrection);
            var tag = VerificationTag.Create(rawKey, rawBits, engine._settings.Security.ErrorCorrection, RandomWords(lanes));
            _leaked += tag.TagBits;
            _correctionBits += tag.TagBits;
            await SendAsync(BlockMessageKind.VerificationTag,
                new PayloadWriter().Bits(tag.Points.ToArray(), 64L * lanes).Bits(tag.Tag.ToArray(), 64L * lanes).ToArray());
            var verified = ReadFlag(await ReceiveAsync(BlockMessageKind.VerificationResult), "verification result");
            if (!verified)
                return Abort(BlockAbortCause.VerificationFailed, "Bob's corrected key did not match the verification hash");

            // 6. Final length.
            Report(BlockPhase.PrivacyAmplification);
            var length = FinalLength(rawBits);
            if (length.IsAbort)
                return Abort(BlockAbortCause.KeyLengthNotPositive, Describe(length), length);

            // 7. Privacy amplification.
            long finalBits = Math.Min(length.KeyLengthBits, rawBits);
            var seed = RandomWords(PackedBits.WordCount(ToeplitzHash.SeedBits(rawBits, finalBits)));
            PackedBits.ClearTail(seed, ToeplitzHash.SeedBits(rawBits, finalBits));
            await SendAsync(BlockMessageKind.AmplificationSeed, new PayloadWriter().U64((ulong)finalBits).Bits(seed, ToeplitzHash.SeedBits(rawBits, finalBits)).ToArray());
            var key = Amplify(rawKey, rawBits, seed, finalBits);

            // 8. Two-phase commit: Bob stages first, then Alice stages and commits, then Bob commits.
            Report(BlockPhase.Commit);
            await ReceiveAsync(BlockMessageKind.Staged);
            var outcome = Stage(key, finalBits, length);
            engine._store.Commit(BlockId);
            try
            {
                await SendAsync(BlockMessageKind.Commit, []);
            }
            catch (ChannelTamperedException)
            {
                // Committed here, so the block is a key whatever becomes of this message: if the link fails before
                // Bob hears it, he keeps his staged key and the next settlement commits it (KeySettlement).
            }
            return outcome;
        }

        public async Task<BlockOutcome> BobAsync()
        {
            var (failure, rawKey, rawBits) = await SiftAsync(SiftAsBobAsync);
            if (failure is not null)
                return failure;
            await LetSiftingUnwind();

            Report(BlockPhase.ErrorCorrection, 1);
            _rawKeyBits = rawBits;
            var reconciler = engine._reconciliation.ForBob(rawKey, rawBits, ErrorRateForCorrection());
            for (int trip = 1; !reconciler.Done; trip++)
            {
                if (trip > 1)
                    Report(BlockPhase.ErrorCorrection, trip);
                var syndrome = await ReceiveAsync(BlockMessageKind.Syndrome);
                await SendAsync(BlockMessageKind.SyndromeReply, reconciler.OnMessage(syndrome.Span));
            }
            var (corrected, correctedBits) = reconciler.ReconciledKey();
            _leaked += rawBits - correctedBits; // dropped frames, charged as at Alice's end
            rawBits = correctedBits;

            Report(BlockPhase.Verification);
            var tagMessage = await ReceiveAsync(BlockMessageKind.VerificationTag);
            int lanes = VerificationTagLength.LanesFor(rawBits, engine._settings.Security.ErrorCorrection);
            var reader = new PayloadReader(tagMessage.Span);
            var points = reader.Bits("hash points", 64L * lanes);
            var tagWords = reader.Bits("hash tag", 64L * lanes);
            reader.End();
            var tag = new VerificationTag(points, tagWords, rawBits);
            bool verified = tag.Matches(corrected, rawBits);
            // The disclosed bits are the same at both ends: Bob counts what Alice's reconciler disclosed
            // from the messages, so he reads the count back from the protocol rather than trusting a claim.
            _correctionBits = DisclosedBitsOf(reconciler) + tag.TagBits;
            _leaked += _correctionBits;
            await SendAsync(BlockMessageKind.VerificationResult, [verified ? (byte)1 : (byte)0]);
            if (!verified)
                return Abort(BlockAbortCause.VerificationFailed, "corrected key did not match Alice's verification hash");

            Report(BlockPhase.PrivacyAmplification);
            var length = FinalLength(rawBits);
            if (length.IsAbort)
                return Abort(BlockAbortCause.KeyLengthNotPositive, Describe(length), length);

            var seedMessage = await ReceiveAsync(BlockMessageKind.AmplificationSeed);
            var seedReader = new PayloadReader(seedMessage.Span);
            long finalBits = (long)seedReader.U64("final length");
            if (finalBits != Math.Min(length.KeyLengthBits, rawBits))
                return await AbortBothAsync(BlockAbortCause.Inconsistent, $"Alice's final length {finalBits} differs from Bob's {Math.Min(length.KeyLengthBits, rawBits)}");
            var seed = seedReader.Bits("Toeplitz seed", ToeplitzHash.SeedBits(rawBits, finalBits));
            seedReader.End();
            var key = Amplify(corrected, rawBits, seed, finalBits);

            Report(BlockPhase.Commit);
            var outcome = Stage(key, finalBits, length);
            AwaitingCommit = true;
            await SendAsync(BlockMessageKind.Staged, []);
            await ReceiveAsync(BlockMessageKind.Commit);
            engine._store.Commit(BlockId);
            AwaitingCommit = false;
            return outcome;
        }

        /// <summary>
        /// Steps 1 to 3 and the raw key, <paramref name="side"/> being this station's: all that needs the block's planes,
        /// and the reveals. Not async: the click planes are binned here and let go, so the reveals run on settings and
        /// outputs alone, and nothing of the block outlives sifting.
        /// </summary>
        private Task<(BlockOutcome? Failure, ulong[] RawKey, long RawBits)> SiftAsync(
            Func<SettingPlanes, ulong[], Task<(BlockOutcome? Failure, ulong[] RawKey, long RawBits)>> side)
        {
            var block = TakeBlock();
            return side(block.Settings, OutputPlane.Bin(engine._protocol.Binning, block.Clicks));
        }

        private async Task<(BlockOutcome? Failure, ulong[] RawKey, long RawBits)> SiftAsAliceAsync(SettingPlanes settings, ulong[] outputs)
        {
            var protocol = engine._protocol;
            int n = settings.Rounds;

            // 1. Test selection, from Alice's private randomness.
            Report(BlockPhase.TestSelection);
            double gamma = TestSelection.ExactProbability(engine._settings.TestFraction);
            var tested = TestSelection.Draw(n, engine._settings.TestFraction, engine._random);
            await SendAsync(BlockMessageKind.TestSelection, new TestSelectionMessage(BlockId, n, tested).WriteAsync);

            // 2. Reveals, Bob's first: Alice then sends her key-setting bits only where Bob is on his (RevealScope).
            Report(BlockPhase.Reveals);
            var (testedOutputs, _) = PlaneReveal.TestedOutputs(outputs, tested, n);
            var bobScope = new RevealScope(tested, n, protocol.KeyPair.Y);
            var bob = await ReceiveAsync(BlockMessageKind.Reveal, stream => RevealMessage.ReadAsync(stream, protocol.BobInputs, bobScope, ct));
            _peerFirmware = bob.FirmwareVersion;
            var aliceScope = new RevealScope(tested, n, protocol.KeyPair.X, bob.Settings, protocol.KeyPair.Y);
            await SendAsync(BlockMessageKind.Reveal, new RevealMessage(settings, testedOutputs, aliceScope, _firmwareVersion).WriteAsync);

            // 3. Tests.
            Report(BlockPhase.BellTest);
            var failure = Evaluate(gamma, settings, OutputWords.Plane(outputs), bob.Settings, OutputWords.Revealed(bob.TestedOutputs), tested);
            if (failure is not null)
                return (failure, [], 0);

            var (rawKey, rawBits) = PlaneReveal.RawKey(protocol, settings, bob.Settings, outputs, tested);
            return (null, rawKey, rawBits);
        }

        private async Task<(BlockOutcome? Failure, ulong[] RawKey, long RawBits)> SiftAsBobAsync(SettingPlanes settings, ulong[] outputs)
        {
            var protocol = engine._protocol;
            int n = settings.Rounds;

            // Alice must announce Bob's own block, so its size bounds what her announcement may make Bob allocate. (A
            // fixed cap of 2^28 rounds once refused the 10^9-round blocks the planner asks for.)
            Report(BlockPhase.TestSelection);
            var selection = await ReceiveAsync(BlockMessageKind.TestSelection, stream => TestSelectionMessage.ReadAsync(stream, n, ct));
            if (selection.BlockId != BlockId || selection.Rounds != n)
                return (await AbortBothAsync(BlockAbortCause.Inconsistent,
                    $"Alice announced block '{selection.BlockId}' of {selection.Rounds} rounds; Bob holds '{BlockId}' of {n}"), [], 0);
            var tested = selection.Tested;
            double gamma = TestSelection.ExactProbability(engine._settings.TestFraction);

            Report(BlockPhase.Reveals);
            var (testedOutputs, _) = PlaneReveal.TestedOutputs(outputs, tested, n);
            await SendAsync(BlockMessageKind.Reveal, new RevealMessage(settings, testedOutputs, new RevealScope(tested, n, protocol.KeyPair.Y), _firmwareVersion).WriteAsync);
            var aliceScope = new RevealScope(tested, n, protocol.KeyPair.X, settings, protocol.KeyPair.Y);
            var alice = await ReceiveAsync(BlockMessageKind.Reveal, stream => RevealMessage.ReadAsync(stream, protocol.AliceInputs, aliceScope, ct));
            _peerFirmware = alice.FirmwareVersion;

            Report(BlockPhase.BellTest);
            var failure = Evaluate(gamma, alice.Settings, OutputWords.Revealed(alice.TestedOutputs), settings, OutputWords.Plane(outputs), tested);
            if (failure is not null)
                return (failure, [], 0);

            var (rawKey, rawBits) = PlaneReveal.RawKey(protocol, alice.Settings, settings, outputs, tested);
            return (null, rawKey, rawBits);
        }

        /// <summary>
        /// Error correction goes on from a fresh stack. Sifting's last step completes its task, which runs this method's
        /// continuation inline, on sifting's own frame; its state machine, which holds the planes, is cleared only once
        /// that frame returns, i.e. at the first receive that has to wait. Yielding returns it at once.
        /// </summary>
        private static YieldAwaitable LetSiftingUnwind() => Task.Yield();

        private void Report(BlockPhase phase, int roundTrip = 0) => progress?.Report(new PhaseProgress(phase, roundTrip));

        /// <summary>The block's planes, handed over once: the run keeps no reference to them after sifting.</summary>
        private StationBlock TakeBlock()
        {
            var block = _block ?? throw new InvalidOperationException("The block's planes were already taken.");
            _block = null;
            return block;
        }

        /// <summary>The Bell and key-agreement tests; null when both pass.</summary>
        private BlockOutcome? Evaluate(double gamma, SettingPlanes aliceSettings, OutputWords aliceOutputs, SettingPlanes bobSettings, OutputWords bobOutputs, ulong[] tested)
        {
            var protocol = engine._protocol;
            var settings = engine._settings;
            _tally = BitSlicedTally.Count(protocol, aliceSettings, aliceOutputs, bobSettings, bobOutputs, tested);
            _view = EntropyAccumulationView.For(protocol, gamma, _tally.BellTests, _tally.KeyTests, _tally.RawKeyRounds);
            _leaked = _view.RevealedAliceBits;
            if (_tally.BellTests == 0 || _tally.KeyTests == 0 || _tally.RawKeyRounds == 0)
                return Abort(BlockAbortCause.TooFewRounds,
                    $"block has {_tally.BellTests} tested Bell rounds, {_tally.KeyTests} tested and {_tally.RawKeyRounds} untested key rounds");

            _thresholds = AbortThresholds.Derive(settings.ExpectedChsh, settings.ExpectedErrorRate, _view.KeptRounds, _view.TestFraction,
                settings.Security.Completeness, settings.KeyCompleteness);
            if (_tally.BellWins < _thresholds.RequiredWins)
                return Abort(BlockAbortCause.ChshTestFailed, FormattableString.Invariant(
                    $"CHSH test: {_tally.BellWins} of {_tally.BellTests} tested rounds won (S = {Chsh.Value(_tally.WinFraction):F4}), {_thresholds.RequiredWins} required (p_thr = {_thresholds.ThresholdWinProbability:F5})"));

            double maxErrors = MaxKeyErrorRate() * _tally.KeyTests;
            if (_tally.KeyErrors > maxErrors)
                return Abort(BlockAbortCause.KeyAgreementFailed, FormattableString.Invariant(
                    $"key agreement: {_tally.KeyErrors} errors in {_tally.KeyTests} tested key rounds (Q = {_tally.ErrorRate:P3}), at most {maxErrors:F1} allowed"));
            return null;
        }

        /// <summary>
        /// Largest error rate on the tested key rounds that honest devices exceed with probability at most
        /// the key completeness (Chernoff, on the number of tested key rounds).
        /// </summary>
        private double MaxKeyErrorRate()
        {
            double q = engine._settings.ExpectedErrorRate;
            return q <= 0 ? 0 : Math.Min(1.0, q + TailBounds.ChernoffUpperDeviation(_tally!.KeyTests, q, engine._settings.KeyCompleteness));
        }

        /// <summary>The error rate error correction is sized for: the observed one, never below what honest devices show.</summary>
        private double ErrorRateForCorrection() => Math.Max(_tally!.ErrorRate, engine._settings.ExpectedErrorRate);

        private KeyLengthResult FinalLength(long rawBits) => FiniteKeyAnalysis.ComputeKeyLength(new KeyLengthRequest(
            _view!.KeptRounds, _view.TestFraction, _thresholds!.ThresholdWinProbability, _leaked, engine._settings.Security,
            engine._settings.Analysis, _tally!.BellWins));

        private BlockOutcome Stage(ulong[] key, long bits, KeyLengthResult length)
        {
            var bytes = new byte[(bits + 7) / 8];
            for (int i = 0; i < bytes.Length; i++)
                bytes[i] = (byte)(key[i >> 3] >> ((i & 7) * 8));
            var (chsh, lower, upper) = ChshInterval();
            bool alice = role == StationRole.Alice;
            var parameters = new Dictionary<string, double>
            {
                ["epsSmoothing"] = engine._settings.Security.Smoothing,
                ["epsEA"] = engine._settings.Security.EntropyAccumulation,
                ["epsCompleteness"] = engine._settings.Security.Completeness,
                ["keptRounds"] = _view!.KeptRounds,
                ["eatTestFraction"] = _view.TestFraction,
                ["thresholdWinProbability"] = _thresholds!.ThresholdWinProbability,
                ["requiredWins"] = _thresholds.RequiredWins,
                ["bellWins"] = _tally!.BellWins,
                // What error correction cost, so a key's record shows it beside the plan's assumption.
                ["rawKeyBits"] = _rawKeyBits,
                ["errorCorrectionBits"] = _correctionBits,
            };
            double efficiency = BlockOutcome.EfficiencyOf(_correctionBits, _rawKeyBits, _tally.ErrorRate);
            if (double.IsFinite(efficiency)) // undefined at Q = 0, and the store's JSON holds finite numbers only
                parameters[KeyProvenance.ReconciliationEfficiencyParameter] = efficiency;
            var provenance = new KeyProvenance
            {
                BlockId = BlockId,
                FirstRound = _firstRound,
                Rounds = _rounds,
                TestRounds = _tally!.BellTests + _tally.KeyTests,
                KeyRounds = _tally.RawKeyRounds,
                Chsh = chsh, ChshLower = lower, ChshUpper = upper,
                ErrorRate = _tally.ErrorRate,
                LeakedBits = _leaked,
                EpsSound = engine._settings.Security.Soundness,
                EpsEc = engine._settings.Security.ErrorCorrection,
                EpsPa = engine._settings.Security.PrivacyAmplification,
                Gamma = engine._settings.TestFraction,
                FinalLength = bits,
                ArchiveHash = _archiveHash,
                AliceFirmware = alice ? _firmwareVersion : _peerFirmware,
                BobFirmware = alice ? _peerFirmware : _firmwareVersion,
                Protocol = engine._protocol.Name,
                ProtocolVersion = engine._protocol.Version,
                Parameters = parameters,
            };
            engine._store.Stage(BlockId, bytes, (int)bits, provenance);
            return Outcome(BlockAbortCause.None, null, length) with { Key = bytes, KeyBits = (int)bits, KeySha256 = KeyDigest.Sha256Hex(bytes) };
        }

        private (double Chsh, double Lower, double Upper) ChshInterval()
        {
            if (_tally is null || _tally.BellTests == 0)
                return (double.NaN, double.NaN, double.NaN);
            double deviation = TailBounds.HoeffdingDeviation(_tally.BellTests, ReportEps);
            double w = _tally.WinFraction;
            return (Chsh.Value(w), Chsh.Value(Math.Max(0, w - deviation)), Chsh.Value(Math.Min(1, w + deviation)));
        }

        public BlockOutcome Abort(BlockAbortCause cause, string detail, KeyLengthResult? length = null) => Outcome(cause, detail, length);

        private BlockOutcome Outcome(BlockAbortCause cause, string? detail, KeyLengthResult? length)
        {
            var (chsh, lower, upper) = ChshInterval();
            return new BlockOutcome
            {
                BlockId = BlockId,
                Role = role,
                Cause = cause,
                Detail = detail,
                Tally = _tally,
                Thresholds = _thresholds,
                Chsh = chsh, ChshLower = lower, ChshUpper = upper,
                ErrorRate = _tally?.ErrorRate ?? double.NaN,
                LeakedBits = _leaked,
                KeyLength = length,
                RawKeyBits = _rawKeyBits,
                ErrorCorrectionBits = _correctionBits,
            };
        }

        /// <summary>Best effort: tells the peer this block is abandoned. A broken channel is already the peer's abort signal.</summary>
        public async Task TryTellPeerAsync(BlockOutcome outcome)
        {
            try
            {
                await SendAsync(BlockMessageKind.Abort, new PayloadWriter().U8((byte)outcome.Cause).Text(outcome.Detail ?? "").ToArray()).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ChannelTamperedException or IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                // Nothing more to do: the block is aborted locally and the session is gone.
            }
        }

        private async Task<BlockOutcome> AbortBothAsync(BlockAbortCause cause, string detail)
        {
            await SendAsync(BlockMessageKind.Abort, new PayloadWriter().U8((byte)cause).Text(detail).ToArray());
            return Abort(cause, detail);
        }

        private static string Describe(KeyLengthResult length) => length.Breakdown is { } b
            ? FormattableString.Invariant($"finite-key length {b.KeyLengthReal:F0} bits after all leakage ({length.Reason})")
            : length.Reason.ToString();

        private static ulong[] Amplify(ulong[] rawKey, long rawBits, ulong[] seed, long finalBits)
        {
            var key = new ulong[PackedBits.WordCount(finalBits)];
            ToeplitzHash.Hash(rawKey, rawBits, seed, finalBits, key);
            return key;
        }

        private ulong[] RandomWords(int count)
        {
            var words = new ulong[count];
            engine._random.GetBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(words.AsSpan()));
            return words;
        }

        private static bool ReadFlag(ReadOnlyMemory<byte> payload, string field)
        {
            if (payload.Length != 1 || payload.Span[0] > 1)
                throw new MalformedPayloadException($"{field}: expected one byte 0 or 1, got {payload.Length} bytes.");
            return payload.Span[0] == 1;
        }

        private static long DisclosedBitsOf(Reconciliation.IBobReconciler reconciler) =>
            reconciler is Reconciliation.IDisclosureCounter counter ? counter.DisclosedBits
                : throw new InvalidOperationException("Bob's reconciler must count the bits Alice disclosed.");

        private Task SendAsync(BlockMessageKind kind, byte[] payload) => channel.SendAsync(kind, payload, ct);

        /// <summary>Sends a large message as it is written (see <see cref="IBlockChannel.SendAsync(BlockMessageKind, Func{Stream, CancellationToken, Task}, CancellationToken)"/>).</summary>
        private Task SendAsync(BlockMessageKind kind, Func<Stream, CancellationToken, Task> write) => channel.SendAsync(kind, write, ct);

        /// <summary>Receives a large message, decoding it while it arrives; an abort or a message of another kind as below.</summary>
        private Task<T> ReceiveAsync<T>(BlockMessageKind expected, Func<Stream, Task<T>> read) =>
            channel.ReceiveAsync(async (kind, stream) =>
            {
                if (kind == BlockMessageKind.Abort)
                {
                    using var whole = new MemoryStream();
                    await stream.CopyToAsync(whole, ct).ConfigureAwait(false);
                    throw PeerAbort(whole.ToArray());
                }
                if (kind != expected)
                    throw new MalformedPayloadException($"expected a {expected} message, got {kind}.");
                return await read(stream).ConfigureAwait(false);
            }, ct);

        private async Task<ReadOnlyMemory<byte>> ReceiveAsync(BlockMessageKind expected)
        {
            var message = await channel.ReceiveAsync(ct).ConfigureAwait(false);
            if (message.Kind == BlockMessageKind.Abort)
                throw PeerAbort(message.Payload.Span);
            if (message.Kind != expected)
                throw new MalformedPayloadException($"expected a {expected} message, got {message.Kind}.");
            return message.Payload;
        }

        private static BlockAbortedByPeerException PeerAbort(ReadOnlySpan<byte> payload)
        {
            var reader = new PayloadReader(payload);
            var cause = (BlockAbortCause)reader.U8("abort cause");
            string detail = reader.Text("abort detail");
            return new BlockAbortedByPeerException($"{cause}: {detail}");
        }
    }
}
