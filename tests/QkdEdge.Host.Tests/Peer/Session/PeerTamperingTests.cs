using System.Net.Sockets;
using QkdEdge.Peer.Session;
using QkdEdge.Peer.Transport;
using Xunit.Abstractions;

namespace QkdEdge.Host.Tests.Peer.Session;

public sealed class PeerTamperingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ReceiveAsync_WhenTenThousandFramesAreTamperedInMemory_DetectsEveryOne()
    {
        const int trials = 10_000;
        const int firstSeed = 1_000_000;
        var reasons = new Dictionary<PeerBreakReason, int>();
        var failures = new List<string>();
        for (int seed = firstSeed; seed < firstSeed + trials; seed++)
        {
            var (aliceEnd, proxyLeft) = InMemoryTransport.CreatePair();
            var (proxyRight, bobEnd) = InMemoryTransport.CreatePair();
            Task forward = Task.CompletedTask, backward = Task.CompletedTask;
            var outcome = await TamperTrial.RunAsync(seed, aliceEnd, bobEnd, plan =>
            {
                forward = FrameTamperingProxy.PumpAsync(proxyLeft, proxyRight, plan);
                backward = FrameTamperingProxy.PumpAsync(proxyRight, proxyLeft, null);
                return Task.CompletedTask;
            });
            await Task.WhenAll(forward, backward);
            if (TamperTrial.Check(outcome) is { } failure)
                failures.Add($"seed {seed}: {failure}");
            else
                reasons[outcome.BobBreak!.Reason] = reasons.GetValueOrDefault(outcome.BobBreak.Reason) + 1;
        }
        output.WriteLine($"seeds {firstSeed}..{firstSeed + trials - 1}: " + string.Join(", ", reasons.OrderBy(r => r.Key).Select(r => $"{r.Key} {r.Value}")));
        Assert.True(failures.Count == 0, $"{failures.Count} undetected or mishandled: {string.Join("; ", failures.Take(5))}");
    }

    [Fact]
    public async Task ReceiveAsync_WhenFramesAreTamperedByAProxyOnLoopbackTcp_DetectsEveryOne()
    {
        const int trials = 300;
        const int firstSeed = 2_000_000;
        using var bobListener = TcpTransport.ListenOnLoopback();
        using var proxyListener = TcpTransport.ListenOnLoopback();
        int bobPort = ((System.Net.IPEndPoint)bobListener.LocalEndpoint).Port;
        int proxyPort = ((System.Net.IPEndPoint)proxyListener.LocalEndpoint).Port;
        var failures = new List<string>();
        for (int seed = firstSeed; seed < firstSeed + trials; seed++)
        {
            var aliceConnect = TcpTransport.ConnectAsync("127.0.0.1", proxyPort, CancellationToken.None);
            var proxyInbound = await TcpTransport.AcceptAsync(proxyListener, CancellationToken.None);
            var proxyOutboundConnect = TcpTransport.ConnectAsync("127.0.0.1", bobPort, CancellationToken.None);
            var bobEnd = await TcpTransport.AcceptAsync(bobListener, CancellationToken.None);
            var proxyOutbound = await proxyOutboundConnect;
            var aliceEnd = await aliceConnect;
            Task forward = Task.CompletedTask, backward = Task.CompletedTask;
            var outcome = await TamperTrial.RunAsync(seed, aliceEnd, bobEnd, plan =>
            {
                forward = FrameTamperingProxy.PumpAsync(proxyInbound, proxyOutbound, plan);
                backward = FrameTamperingProxy.PumpAsync(proxyOutbound, proxyInbound, null);
                return Task.CompletedTask;
            });
            await Task.WhenAll(forward, backward);
            if (TamperTrial.Check(outcome) is { } failure)
                failures.Add($"seed {seed}: {failure}");
        }
        output.WriteLine($"seeds {firstSeed}..{firstSeed + trials - 1} over loopback TCP");
        Assert.True(failures.Count == 0, $"{failures.Count} undetected or mishandled: {string.Join("; ", failures.Take(5))}");
    }
}
