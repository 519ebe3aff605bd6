namespace PercepNet.HostTest.Hosting;

/// One plugin instance driven through its format's C ABI. Call order follows what hosts do:
/// construct (load + instantiate) → set parameters/state → Activate → Process… → Deactivate.
public unsafe interface IHostedPlugin : IDisposable
{
    PluginFormat Format { get; }
    string Id { get; }
    string Name { get; }
    /// Audio channels of the main input and output (the harness uses the same count for both).
    int Channels { get; }
    IReadOnlyList<ParameterInfo> Parameters { get; }

    bool IsActive { get; }
    /// Activates and starts processing; maxBlock is the largest block Process will get.
    void Activate(double sampleRate, int maxBlock);
    void Deactivate();
    /// Latency reported by the plugin right now (CLAP latency ext, VST3 getLatencySamples,
    /// LADSPA "latency" output control port after a run).
    int LatencySamples { get; }
    /// How many times the plugin asked for a restart / reported a latency change.
    int LatencyChangeRequests { get; }

    /// One host process call. inputs and outputs hold Channels pointers; they may alias
    /// (in-place). changes must be sorted by SampleOffset and lie within [0, frames).
    void Process(float** inputs, float** outputs, int frames, ReadOnlySpan<ParameterChange> changes);

    /// Changes a parameter outside of a process call (CLAP params flush, VST3 edit controller +
    /// a parameter-only process call, LADSPA control port). Returns false when the plugin refused.
    bool SetParameter(uint id, double value);
    double GetParameter(uint id);
    string? ValueToText(uint id, double value);
    double? TextToValue(uint id, string text);

    /// Null when the format has no state (LADSPA).
    byte[]? SaveState();
    /// Feeds the state through the plugin's stream reader at most readChunk bytes per read call.
    bool LoadState(byte[] state, int readChunk = int.MaxValue);

    void Reset();

    /// Factory presets by name, as the format's hosts list them (CLAP preset discovery, the VST3 program list); empty
    /// where the format has none (LADSPA).
    IReadOnlyList<string> Presets { get; }
    /// Loads a listed preset the way the format's hosts do (CLAP preset-load, VST3 program change); false when refused
    /// or not listed.
    bool LoadPreset(string name);

    /// Allocation meters read around every process/run call (see AudioThreadProbe).
    AudioThreadProbe Probe { get; }
}
