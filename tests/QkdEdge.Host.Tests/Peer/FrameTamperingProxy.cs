using System.Buffers.Binary;

namespace QkdEdge.Host.Tests.Peer;

public enum TamperKind
{
    AlterByte,
    Replay,
    Reorder,
    Drop,
    Truncate,
}

/// <summary>One change to one frame of a direction: frame index counted from that direction's hello (0).</summary>
public sealed record TamperPlan(TamperKind Kind, int Frame, int ByteOffset = 0, byte Xor = 0, int ReplayOf = 0);

/// <summary>
/// Sits between two hosts and forwards whole frames (length prefix plus body) from one stream to another,
/// applying at most one <see cref="TamperPlan"/>: an attacker on the wire who can change, repeat, reorder, drop
/// or cut frames. When the source ends, the destination is closed, as a TCP proxy would.
/// </summary>
public static class FrameTamperingProxy
{
    public static async Task PumpAsync(Stream source, Stream destination, TamperPlan? plan, List<byte[]>? recording = null)
    {
        var seen = new List<byte[]>();
        byte[]? held = null;
        try
        {
            int index = 0;
            while (await ReadFrameAsync(source) is { } frame)
            {
                seen.Add(frame);
                recording?.Add((byte[])frame.Clone());
                if (plan is null || index != plan.Frame && !(plan.Kind == TamperKind.Reorder && index == plan.Frame + 1))
                {
                    await destination.WriteAsync(frame);
                }
                else
                {
                    switch (plan.Kind)
                    {
                        case TamperKind.AlterByte:
                            // Inflating the hello's length prefix stalls both ends until the receive timeout
                            // (a liveness attack, tested on its own); every later frame is fair game byte for byte.
                            int position = plan.Frame == 0 ? 4 + plan.ByteOffset % (frame.Length - 4) : plan.ByteOffset % frame.Length;
                            frame[position] ^= plan.Xor;
                            await destination.WriteAsync(frame);
                            break;
                        case TamperKind.Replay:
                            await destination.WriteAsync(seen[plan.ReplayOf]);
                            await destination.WriteAsync(frame);
                            break;
                        case TamperKind.Reorder when index == plan.Frame:
                            held = frame;
                            break;
                        case TamperKind.Reorder:
                            await destination.WriteAsync(frame);
                            await destination.WriteAsync(held!);
                            held = null;
                            break;
                        case TamperKind.Drop:
                            break;
                        case TamperKind.Truncate:
                            await destination.WriteAsync(frame.AsMemory(0, plan.ByteOffset % frame.Length));
                            await destination.FlushAsync();
                            return;
                    }
                }
                await destination.FlushAsync();
                index++;
            }
            if (held is not null)
                await destination.WriteAsync(held);
        }
        catch (IOException)
        {
            // One side hung up: the pump's job is over.
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            await destination.DisposeAsync();
            await source.DisposeAsync();
        }
    }

    private static async Task<byte[]?> ReadFrameAsync(Stream source)
    {
        var prefix = new byte[4];
        if (!await ReadFullyAsync(source, prefix))
            return null;
        int length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        var frame = new byte[4 + length];
        prefix.CopyTo(frame, 0);
        return await ReadFullyAsync(source, frame.AsMemory(4)) ? frame : null;
    }

    private static async Task<bool> ReadFullyAsync(Stream source, Memory<byte> buffer)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = await source.ReadAsync(buffer[read..]);
            if (n == 0)
                return false;
            read += n;
        }
        return true;
    }
}
