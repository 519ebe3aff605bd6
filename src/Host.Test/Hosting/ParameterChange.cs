namespace PercepNet.HostTest.Hosting;

/// A parameter automation point inside one process call, in plain units.
public readonly record struct ParameterChange(int SampleOffset, uint ParameterId, double Value);
