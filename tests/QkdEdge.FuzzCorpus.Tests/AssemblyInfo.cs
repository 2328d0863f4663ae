// The targets bound allocation with the process-wide allocation counter: one input at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
