using System.Security.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QkdEdge.KeyStore;
using QkdEdge.KeyStore.Delivery;
using QkdEdge.Telemetry;

namespace QkdEdge.Delivery;

/// <summary>
/// A station's KME: the ETSI GS QKD 014 interface over HTTPS with client certificates, serving keys
/// from the station's key store. Start one per station; dispose it to stop.
/// </summary>
public sealed class KeyDeliveryHost : IAsyncDisposable
{
    /// <summary>ETSI 014 requests are a few hundred bytes; a key ID list at max_key_per_request stays far below this.</summary>
    private const long MaxRequestBodyBytes = 64 * 1024;

    private readonly WebApplication _app;
    private readonly KeyDeliveryLedger _ledger;
    private volatile bool _stopped;

    private KeyDeliveryHost(WebApplication app, KeyDeliveryLedger ledger, KeyDeliveryService service, Uri baseAddress)
    {
        _app = app;
        _ledger = ledger;
        Service = service;
        BaseAddress = baseAddress;
    }

    /// <summary>The KME's address, e.g. https://127.0.0.1:8443/ ; the API lives under api/v1/keys/.</summary>
    public Uri BaseAddress { get; }

    public KeyDeliveryService Service { get; }

    /// <summary>
    /// Starts the interface for the key store at <paramref name="keyStorePath"/>, beside the station that
    /// writes it (or before the station has created it). With <paramref name="metrics"/>, deliveries and
    /// refusals are counted and the key store gauges are refreshed at every scrape.
    /// </summary>
    public static async Task<KeyDeliveryHost> StartAsync(KeyDeliveryOptions options, string keyStorePath, StationMetrics? metrics = null,
        Action<ILoggingBuilder>? logging = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyStorePath);
        // Opening the store creates its file and tables if the station has not yet; the ledger then keeps a
        // connection of its own, so this one is not needed once the host runs.
        using var store = SqliteKeyStore.Open(keyStorePath);
        return await StartAsync(options, store, metrics, logging, time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the interface for <paramref name="store"/>. With <paramref name="metrics"/>, deliveries
    /// and refusals are counted and the key store gauges are refreshed at every scrape.
    /// </summary>
    public static async Task<KeyDeliveryHost> StartAsync(KeyDeliveryOptions options, SqliteKeyStore store, StationMetrics? metrics = null,
        Action<ILoggingBuilder>? logging = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        options.Validate();
        time ??= TimeProvider.System;
        var ledger = store.OpenDeliveryLedger(time);
        try
        {
            var service = new KeyDeliveryService(options, ledger, metrics);
            var trust = new ClientCertificateTrust(options.ClientCertificateAuthorities, time);

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            logging?.Invoke(builder.Logging);
            builder.WebHost.UseKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
                kestrel.Listen(options.Endpoint, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = options.ServerCertificate,
                        SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                        // Asked for at the handshake but not required there: a caller without one
                        // gets the standard's 401 body instead of a bare connection reset.
                        ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                        ClientCertificateValidation = (certificate, _, _) => trust.IsTrusted(certificate),
                    });
                });
            });
            var app = builder.Build();
            app.MapEtsi014(service, new SaeAuthenticator(options.Saes), app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("QkdEdge.Delivery"));
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var host = new KeyDeliveryHost(app, ledger, service, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
            if (metrics is not null)
            {
                metrics.Registry.AddBeforeCollectCallback(host.PublishStoreLevel(metrics));
                host.PublishStoreLevel(metrics)();
            }
            return host;
        }
        catch
        {
            ledger.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopped = true;
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _ledger.Dispose();
    }

    private Action PublishStoreLevel(StationMetrics metrics) => () =>
    {
        // The registry outlives the host and offers no way to remove a callback.
        if (_stopped)
            return;
        try
        {
            var level = Service.StoreLevel();
            metrics.KeyStoreLevel(level.UndeliveredBits, level.Blocks);
        }
        catch (InvalidOperationException) when (_stopped)
        {
            // Stopped between the check and the query: the gauges keep their last values.
        }
    };
}
