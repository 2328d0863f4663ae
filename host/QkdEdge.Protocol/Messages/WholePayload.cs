namespace QkdEdge.Protocol.Messages;

/// <summary>
/// A streamed message's writer or reader run over memory, for callers that hold a payload whole (tests, the fuzzing
/// targets, the default channel). Memory streams complete every operation synchronously, so waiting here never blocks.
/// </summary>
internal static class WholePayload
{
    public static byte[] Write(Func<Stream, CancellationToken, Task> write)
    {
        using var buffer = new MemoryStream();
        Complete(write(buffer, CancellationToken.None));
        return buffer.ToArray();
    }

    public static T Read<T>(ReadOnlySpan<byte> payload, Func<Stream, CancellationToken, Task<T>> read)
    {
        using var stream = new MemoryStream(payload.ToArray(), writable: false);
        var task = read(stream, CancellationToken.None);
        Complete(task);
        return task.Result;
    }

    private static void Complete(Task task)
    {
        if (!task.IsCompleted)
            throw new InvalidOperationException("A payload over memory did not complete synchronously.");
        task.GetAwaiter().GetResult(); // rethrows the message's own exception, not an AggregateException
    }
}
