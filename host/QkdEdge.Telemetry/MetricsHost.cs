using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace QkdEdge.Telemetry;

/// <summary>
/// A small web server that serves one station's registry at <c>/metrics</c> for Prometheus to scrape.
/// It is plain HTTP on a port of its own, apart from the key delivery API: metrics carry no key
/// material, and a scraper should not need an SAE's client certificate. Bind it to an address only
/// the monitoring network reaches.
/// </summary>
public sealed class MetricsHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MetricsHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The scrape address, e.g. http://127.0.0.1:9464/metrics.</summary>
    public Uri Address { get; }

    /// <summary>Starts serving <paramref name="registry"/> on <paramref name="endpoint"/> (port 0 picks a free port).</summary>
    public static async Task<MetricsHost> StartAsync(CollectorRegistry registry, IPEndPoint endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(endpoint);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(endpoint));
        var app = builder.Build();
        app.MapMetrics(settings => settings.Registry = registry, "/metrics");
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new MetricsHost(app, new Uri(new Uri(bound), "/metrics"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
