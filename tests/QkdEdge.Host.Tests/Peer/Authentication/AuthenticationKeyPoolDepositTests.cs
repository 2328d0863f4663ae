using QkdEdge.Host.Tests.Archive;
using QkdEdge.Peer.Authentication;
using QkdEdge.Peer.Session;

namespace QkdEdge.Host.Tests.Peer.Authentication;

/// <summary>Deposits of distilled key: durable, idempotent by block, usable for sending only once activated.</summary>
public sealed class AuthenticationKeyPoolDepositTests
{
    private const int Page = AuthenticationKeyPool.PageBytes;

    [Fact]
    public void DrawForSending_WhenADepositIsNotYetActive_RefusesToSendWithIt()
    {
        // Two pages of secret: 2048 bits per direction, 16 tags of 122 bits.
        var pool = AuthenticationKeyPool.InMemory(PeerTestKit.Secret(1, 32 + 2 * Page));
        pool.Deposit("block-1", PeerTestKit.Secret(2, 2 * Page));
        var pads = new ulong[2];
        for (int i = 0; i < 16; i++)
            pool.DrawForSending(PeerDirection.AliceToBob, pads);

        Assert.Throws<AuthenticationKeyExhaustedException>(() => pool.DrawForSending(PeerDirection.AliceToBob, pads));
        Assert.Equal(Page * 8, pool.AvailableBits(PeerDirection.AliceToBob) - pool.SendableBits(PeerDirection.AliceToBob));
        Assert.Equal(2 * Page * 8, pool.Accounting.PendingBits);

        Assert.True(pool.ActivateThrough("block-1"));
        pool.DrawForSending(PeerDirection.AliceToBob, pads);
        Assert.Equal(0, pool.Accounting.PendingBits);
        Assert.True(pool.Accounting.Balances);
    }

    [Fact]
    public void TryPeekReceived_WhenTheSenderUsesADepositNotActiveHere_StillVerifies()
    {
        // The receiver may be the one that has not activated yet: what it holds, it can check.
        var pool = AuthenticationKeyPool.InMemory(PeerTestKit.Secret(3, 32 + 2 * Page));
        pool.Deposit("block-1", PeerTestKit.Secret(4, 2 * Page));
        var pads = new ulong[2];

        bool found = pool.TryPeekReceived(PeerDirection.BobToAlice, Page * 8, pads, out long end, out _);

        Assert.True(found);
        Assert.True(end > Page * 8);
    }

    [Fact]
    public void Deposit_WhenTheSameBlockComesTwice_AddsItOnce()
    {
        var pool = AuthenticationKeyPool.InMemory(PeerTestKit.Secret(5, 32 + 2 * Page));

        Assert.True(pool.Deposit("block-1", PeerTestKit.Secret(6, Page)));
        Assert.False(pool.Deposit("block-1", PeerTestKit.Secret(6, Page)));

        Assert.Equal(1, pool.DepositCount);
        Assert.Equal((32 + 3 * Page) * 8, pool.DepositedBits);
    }

    [Fact]
    public void ActivateThrough_WhenTheIdIsTheSecondDeposit_ActivatesBothAndNotTheThird()
    {
        var pool = AuthenticationKeyPool.InMemory(PeerTestKit.Secret(7, 32 + 2 * Page));
        pool.Deposit("a", PeerTestKit.Secret(8, 2 * Page));
        pool.Deposit("b", PeerTestKit.Secret(9, 2 * Page));
        pool.Deposit("c", PeerTestKit.Secret(10, 2 * Page));

        Assert.True(pool.ActivateThrough("b"));
        Assert.False(pool.ActivateThrough("unknown"));

        Assert.Equal(2, pool.ActiveDepositCount);
        Assert.Equal(2 * Page * 8, pool.Accounting.PendingBits);
        Assert.Equal(3 * Page * 8, pool.SendableBits(PeerDirection.AliceToBob));
    }

    [Fact]
    public void Open_WhenDepositsWereMadeAndOneActivated_RestoresThemAndTheActivation()
    {
        using var directory = new TemporaryDirectory();
        string secretFile = directory.File("secret.bin");
        File.WriteAllBytes(secretFile, PeerTestKit.Secret(11, 32 + 2 * Page));
        string poolDirectory = directory.File("pool");
        byte[] first = PeerTestKit.Secret(12, 2 * Page);
        using (var pool = AuthenticationKeyPool.CreateFromSecretFile(secretFile, poolDirectory))
        {
            pool.Deposit("block-1", first);
            pool.Deposit("block-2", PeerTestKit.Secret(13, 2 * Page));
            pool.ActivateThrough("block-1");
        }

        using var reopened = AuthenticationKeyPool.Open(poolDirectory);

        Assert.Equal(2, reopened.DepositCount);
        Assert.Equal(1, reopened.ActiveDepositCount);
        Assert.True(reopened.HasDeposit("block-2"));
        Assert.False(reopened.Deposit("block-1", first));
        Assert.Equal((32 + 6 * Page) * 8, reopened.DepositedBits);
    }

    [Fact]
    public void Open_WhenTheLastDepositRecordIsTorn_DropsItSoTheBlockCanBeDepositedAgain()
    {
        using var directory = new TemporaryDirectory();
        string secretFile = directory.File("secret.bin");
        File.WriteAllBytes(secretFile, PeerTestKit.Secret(14, 32 + 2 * Page));
        string poolDirectory = directory.File("pool");
        byte[] second = PeerTestKit.Secret(16, 2 * Page);
        using (var pool = AuthenticationKeyPool.CreateFromSecretFile(secretFile, poolDirectory))
        {
            pool.Deposit("block-1", PeerTestKit.Secret(15, 2 * Page));
            pool.Deposit("block-2", second);
        }
        // A crash in the middle of the second append: cut its record short.
        string deposits = Path.Combine(poolDirectory, KeyPoolDeposits.FileName);
        long intact = KeyPoolDeposits.Encode("block-1", new byte[2 * Page]).Length;
        using (var file = new FileStream(deposits, FileMode.Open))
            file.SetLength(intact + 100);

        using var reopened = AuthenticationKeyPool.Open(poolDirectory);

        Assert.Equal(1, reopened.DepositCount);
        Assert.False(reopened.HasDeposit("block-2"));
        Assert.True(reopened.Deposit("block-2", second));
        Assert.Equal(intact + KeyPoolDeposits.Encode("block-2", second).Length, new FileInfo(deposits).Length);
    }
}
