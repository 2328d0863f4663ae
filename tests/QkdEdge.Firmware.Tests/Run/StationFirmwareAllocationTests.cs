using QkdEdge.Firmware.Tests.Fakes;
using QkdEdge.Wire.Frames;
using Xunit.Abstractions;

namespace QkdEdge.Firmware.Tests.Run;

/// <summary>
/// The board's garbage collector is slow and its heap small, so the steady-state batch loop must
/// allocate nothing: every buffer is sized at construction. The fakes here allocate nothing per call
/// either, so any byte counted comes from the firmware core or the wire code it calls. The class runs
/// alone (no parallel tests) and starts each measurement after a full collection, because a garbage
/// collection forced by another thread's allocations can retire this thread's allocation context
/// mid-measurement and shift the per-thread byte count by a few filler bytes.
/// </summary>
[Collection(AllocationMeasurement.Name)]
public sealed class StationFirmwareAllocationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(2, 120)]
    [InlineData(3, 120)]
    [InlineData(4, 97)]
    public void Step_WhenRunningOneThousandBatches_AllocatesNothing(int alphabet, int batch)
    {
        var harness = new FirmwareHarness();
        harness.BootConfigureAndStart(alphabet, batch);
        harness.Link.DiscardBoardOutput = true;
        harness.Step(2 * 20); // warm-up: 20 batches (JIT, tiering, first-use paths)
        uint batchesBefore = harness.Firmware.Counters.Batches;

        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 2 * 1000; i++)
            harness.Firmware.Step();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        uint batches = harness.Firmware.Counters.Batches - batchesBefore;
        output.WriteLine($"k = {alphabet}, batch = {batch}: {batches} batches, {harness.Link.BytesFromBoard} bytes sent, {allocated} bytes allocated");
        Assert.Equal(1000u, batches);
        Assert.Equal(RunState.Running, harness.Firmware.State);
        Assert.Equal(0, allocated);
    }
}

/// <summary>Tests that measure allocations run on their own, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasurement
{
    public const string Name = "Allocation measurement";
}
