using QkdEdge.Host.Tests.Archive;
using QkdEdge.Peer.Authentication;
using QkdEdge.Peer.Session;

namespace QkdEdge.Host.Tests.Peer.Authentication;

public sealed class AuthenticationKeyPoolTests
{
    [Fact]
    public void DrawForSending_WhenTheTwoDirectionsDraw_UsesDisjointPagesOfTheSecret()
    {
        // Even pages of the pad stream belong to Alice->Bob, odd ones to Bob->Alice: make them all-ones and
        // all-zeros, and each direction's pads show where they came from.
        var secret = new byte[32 + 4 * AuthenticationKeyPool.PageBytes];
        for (int page = 0; page < 4; page += 2)
            secret.AsSpan(32 + page * AuthenticationKeyPool.PageBytes, AuthenticationKeyPool.PageBytes).Fill(0x55);
        var pool = AuthenticationKeyPool.InMemory(secret);
        Span<ulong> pads = stackalloc ulong[2];

        pool.DrawForSending(PeerDirection.AliceToBob, pads);
        Assert.All(pads.ToArray(), p => Assert.NotEqual(0UL, p));
        pool.DrawForSending(PeerDirection.BobToAlice, pads);
        Assert.All(pads.ToArray(), p => Assert.Equal(0UL, p));
        Assert.Equal(2 * AuthenticationKeyPool.PageBytes * 8, pool.AvailableBits(PeerDirection.AliceToBob) + 122);
    }

    [Fact]
    public void DrawForSending_WhenThePoolRunsDry_ThrowsAndTheBooksStillBalance()
    {
        var pool = AuthenticationKeyPool.InMemory(PeerTestKit.Secret(1, 32 + 2 * AuthenticationKeyPool.PageBytes));
        int draws = 0;
        var pads = new ulong[2];
        AuthenticationKeyExhaustedException? ex = null;
        try
        {
            for (; draws < 1000; draws++)
                pool.DrawForSending(PeerDirection.AliceToBob, pads);
        }
        catch (AuthenticationKeyExhaustedException e)
        {
            ex = e;
        }

        // 2048 bits per direction, 122 per tag: 16 tags fit, the 17th does not.
        Assert.Equal(16, draws);
        Assert.NotNull(ex);
        Assert.Equal(PeerDirection.AliceToBob, ex.Direction);
        var books = pool.Accounting;
        Assert.Equal(16 * 122, books.AliceToBob.SpentBits);
        Assert.Equal(2048 - 16 * 122, books.AliceToBob.AvailableBits);
        Assert.True(books.Balances);
    }

    [Fact]
    public void Deposit_WhenKeyIsAdded_ExtendsBothDirectionsByHalfEach()
    {
        var pool = AuthenticationKeyPool.InMemory(PeerTestKit.Secret(2, 32 + 2 * AuthenticationKeyPool.PageBytes));
        long before = pool.AvailableBits(PeerDirection.AliceToBob) + pool.AvailableBits(PeerDirection.BobToAlice);

        pool.Deposit("block-1", PeerTestKit.Secret(3, 4 * AuthenticationKeyPool.PageBytes));

        Assert.Equal(before + 4 * AuthenticationKeyPool.PageBytes * 8, pool.AvailableBits(PeerDirection.AliceToBob) + pool.AvailableBits(PeerDirection.BobToAlice));
        Assert.Equal(pool.AvailableBits(PeerDirection.AliceToBob), pool.AvailableBits(PeerDirection.BobToAlice));
        Assert.True(pool.Accounting.Balances);
    }

    [Fact]
    public void Open_WhenTheHostCrashedWithoutFlushing_SkipsTheReservationInsteadOfReusingPads()
    {
        using var directory = new TemporaryDirectory();
        string secretFile = directory.File("secret.bin");
        File.WriteAllBytes(secretFile, PeerTestKit.Secret(4, 1 << 16));
        string poolDirectory = directory.File("pool");
        var pool = AuthenticationKeyPool.CreateFromSecretFile(secretFile, poolDirectory);
        Span<ulong> pads = stackalloc ulong[2];
        pool.DrawForSending(PeerDirection.AliceToBob, pads);
        ulong firstPad = pads[0];
        long used = pool.Position(PeerDirection.AliceToBob);
        // No Dispose: the process died. The reservation written before the draw is all that survives.

        using var reopened = AuthenticationKeyPool.Open(poolDirectory);

        long position = reopened.Position(PeerDirection.AliceToBob);
        Assert.True(position >= used, $"position went back from {used} to {position}");
        Assert.Equal(AuthenticationKeyPool.ReservationBits, position);
        reopened.DrawForSending(PeerDirection.AliceToBob, pads);
        Assert.NotEqual(firstPad, pads[0]);
        // The whole reservation is gone: what was used before the crash and was not yet on disk as spent is
        // booked as skipped. Plus the 122 bits of the new tag.
        var books = reopened.Accounting;
        Assert.Equal(AuthenticationKeyPool.ReservationBits + 122, books.AliceToBob.SpentBits + books.AliceToBob.SkippedBits);
        Assert.True(books.Balances);
    }

    [Fact]
    public void CreateFromSecretFile_WhenThePoolDirectoryAlreadyHoldsAPool_Throws()
    {
        using var directory = new TemporaryDirectory();
        string secretFile = directory.File("secret.bin");
        File.WriteAllBytes(secretFile, PeerTestKit.Secret(5, 4096));
        AuthenticationKeyPool.CreateFromSecretFile(secretFile, directory.File("pool")).Dispose();

        Assert.Throws<IOException>(() => AuthenticationKeyPool.CreateFromSecretFile(secretFile, directory.File("pool")));
    }
}
