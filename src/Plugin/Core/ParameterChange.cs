namespace PercepNet.Plugin.Core;

/// <summary>One parameter change inside a block: a plain value for the parameter at <see cref="ParameterIndex"/>
/// (in <see cref="Parameters.All"/>), taking effect at <see cref="SampleOffset"/> frames into the block.</summary>
public readonly record struct ParameterChange(int SampleOffset, int ParameterIndex, double PlainValue);
