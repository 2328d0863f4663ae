using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using QkdEdge.Cli.Status;
using QkdEdge.Delivery;
using QkdEdge.Station.Status;
using QkdEdge.Telemetry;

namespace QkdEdge.Cli.Commands.Station;

/// <summary>The station's KME: started beside the station on its key store, logging into the station's log.</summary>
internal static class StationDelivery
{
    public static async Task<KeyDeliveryHost> StartAsync(KeyDeliveryOptions options, string keyStorePath, StationMetrics? metrics,
        StatusTracker status, CancellationToken cancellation)
    {
        try
        {
            return await KeyDeliveryHost.StartAsync(options, keyStorePath, metrics,
                logging => logging.AddProvider(new StatusLoggerProvider(status, "key delivery: ")).SetMinimumLevel(LogLevel.Information)
                    .AddFilter("Microsoft", LogLevel.Warning),
                cancellationToken: cancellation).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            throw new DeliveryStartException($"delivery:listen = 'https://{options.Endpoint}': cannot listen there: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is SqliteException or UnauthorizedAccessException)
        {
            throw new DeliveryStartException($"key delivery cannot open the key store {keyStorePath}: {ex.Message}", ex);
        }
    }

    public static string Describe(KeyDeliveryHost kme, KeyDeliveryOptions options) =>
        $"key delivery (ETSI GS QKD 014) at {kme.BaseAddress}api/v1/keys/ as {options.KmeId}: SAEs {string.Join(", ", options.Saes.Select(s => s.SaeId))}; "
        + $"links {string.Join(", ", options.Links.Select(l => $"{l.MasterSaeId} -> {l.SlaveSaeId}"))}";
}

/// <summary>The key delivery server could not start; the message names the setting to fix.</summary>
internal sealed class DeliveryStartException(string message, Exception inner) : Exception(message, inner);
