// One plugin instance at a time: the machines these run on have few cores, and timing-based
// checks (scan time) must not compete with renders in other test classes.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
