using System.Globalization;
using System.Runtime.InteropServices;
using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Native;

namespace PercepNet.HostTest.Ladspa;

/// One LADSPA plugin: the sample rate is fixed at instantiate, so Activate instantiates,
/// connects every port and calls activate; Deactivate calls deactivate and cleanup. Control
/// ports hold plain values; a change inside a block splits the run() there, which is how a
/// LADSPA host gets sample-accurate automation.
public sealed unsafe class LadspaPluginInstance : IHostedPlugin
{
    readonly LadspaDescriptor* _descriptor;
    readonly float* _portValues;
    readonly int[] _audioInputs;
    readonly int[] _audioOutputs;
    readonly int _latencyPort = -1;
    readonly float* _scratch;
    void* _instance;
    bool _ranOnce;
    bool _disposed;

    public PluginFormat Format => PluginFormat.Ladspa;
    public string Id { get; }
    public string Name { get; }
    public int Channels { get; }
    public IReadOnlyList<ParameterInfo> Parameters { get; }
    public bool IsActive => _instance != null;
    public AudioThreadProbe Probe { get; }
    public ulong UniqueId => _descriptor->UniqueId;
    public int Properties => _descriptor->Properties;
    public int LatencyChangeRequests => 0;

    public LadspaPluginInstance(LadspaModule module, int channels = 1, string? label = null)
    {
        Probe = new AudioThreadProbe(module.Library);
        _descriptor = module.Find(channels, label);
        Id = $"{_descriptor->UniqueId}:{Utf8Strings.Read(_descriptor->Label)}";
        Name = Utf8Strings.Read(_descriptor->Name);
        int ports = (int)_descriptor->PortCount;
        _portValues = (float*)NativeMemory.AllocZeroed((nuint)(Math.Max(1, ports) * sizeof(float)));
        _scratch = (float*)NativeMemory.AllocZeroed(16 * sizeof(float));
        var inputs = new List<int>();
        var outputs = new List<int>();
        var parameters = new List<ParameterInfo>();
        for (int p = 0; p < ports; p++)
        {
            int kind = _descriptor->PortDescriptors[p];
            string name = Utf8Strings.Read(_descriptor->PortNames[p]);
            if ((kind & LadspaPort.Audio) != 0)
            {
                ((kind & LadspaPort.Input) != 0 ? inputs : outputs).Add(p);
                continue;
            }
            bool output = (kind & LadspaPort.Output) != 0;
            if (output && name.Contains("latency", StringComparison.OrdinalIgnoreCase))
            {
                _latencyPort = p;
                continue;
            }
            // Other output control ports (meters) are read-only parameters, read after each run.
            LadspaPortRangeHint hint = _descriptor->PortRangeHints[p];
            double min = (hint.HintDescriptor & LadspaHint.BoundedBelow) != 0 ? hint.LowerBound : 0;
            double max = (hint.HintDescriptor & LadspaHint.BoundedAbove) != 0 ? hint.UpperBound : 1;
            double def = DefaultValue(hint);
            _portValues[p] = (float)def;
            parameters.Add(new ParameterInfo((uint)p, name, min, max, def,
                (hint.HintDescriptor & (LadspaHint.Integer | LadspaHint.Toggled)) != 0,
                name.Contains("bypass", StringComparison.OrdinalIgnoreCase), output));
        }
        _audioInputs = inputs.ToArray();
        _audioOutputs = outputs.ToArray();
        if (_audioInputs.Length != _audioOutputs.Length)
            throw new InvalidOperationException($"{_audioInputs.Length} audio inputs but {_audioOutputs.Length} outputs");
        Channels = _audioInputs.Length;
        Parameters = parameters;
    }

    public int LatencyPort => _latencyPort;

    /// The default a LADSPA host derives from the hint bits (ladspa.h, "default values").
    public static double DefaultValue(LadspaPortRangeHint hint)
    {
        double lo = hint.LowerBound, hi = hint.UpperBound;
        bool log = (hint.HintDescriptor & LadspaHint.Logarithmic) != 0;
        double Mix(double wLo) => log && lo > 0 && hi > 0
            ? Math.Exp(Math.Log(lo) * wLo + Math.Log(hi) * (1 - wLo))
            : lo * wLo + hi * (1 - wLo);
        double value = (hint.HintDescriptor & LadspaHint.DefaultMask) switch
        {
            LadspaHint.DefaultMinimum => lo,
            LadspaHint.DefaultLow => Mix(0.75),
            LadspaHint.DefaultMiddle => Mix(0.5),
            LadspaHint.DefaultHigh => Mix(0.25),
            LadspaHint.DefaultMaximum => hi,
            LadspaHint.Default0 => 0,
            LadspaHint.Default1 => 1,
            LadspaHint.Default100 => 100,
            LadspaHint.Default440 => 440,
            _ => (hint.HintDescriptor & LadspaHint.BoundedBelow) != 0 ? lo : 0,
        };
        return (hint.HintDescriptor & LadspaHint.Integer) != 0 ? Math.Round(value) : value;
    }

    public void Activate(double sampleRate, int maxBlock)
    {
        if (IsActive) throw new InvalidOperationException("already active");
        _instance = _descriptor->Instantiate(_descriptor, (nuint)Math.Round(sampleRate));
        if (_instance == null) throw new InvalidOperationException($"instantiate({sampleRate}) returned null");
        for (int p = 0; p < (int)_descriptor->PortCount; p++)
            if ((_descriptor->PortDescriptors[p] & LadspaPort.Control) != 0)
                _descriptor->ConnectPort(_instance, (nuint)p, &_portValues[p]);
        ConnectAudio(null, null, 0);
        if (_descriptor->Activate != null) _descriptor->Activate(_instance);
        _ranOnce = false;
    }

    public void Deactivate()
    {
        if (!IsActive) return;
        if (_descriptor->Deactivate != null) _descriptor->Deactivate(_instance);
        _descriptor->Cleanup(_instance);
        _instance = null;
    }

    void ConnectAudio(float** inputs, float** outputs, int offset)
    {
        for (int c = 0; c < Channels; c++)
        {
            _descriptor->ConnectPort(_instance, (nuint)_audioInputs[c], inputs == null ? _scratch : inputs[c] + offset);
            _descriptor->ConnectPort(_instance, (nuint)_audioOutputs[c], outputs == null ? _scratch : outputs[c] + offset);
        }
    }

    public int LatencySamples
    {
        get
        {
            if (_latencyPort < 0) return 0;
            // Plugins write output control ports during run(); an empty run publishes the value.
            if (IsActive && !_ranOnce) Run(null, null, 0, 0);
            return (int)Math.Round(_portValues[_latencyPort]);
        }
    }

    void Run(float** inputs, float** outputs, int offset, int frames)
    {
        ConnectAudio(inputs, outputs, offset);
        Probe.Enter();
        _descriptor->Run(_instance, (nuint)frames);
        Probe.Exit();
        _ranOnce = true;
    }

    public void Process(float** inputs, float** outputs, int frames, ReadOnlySpan<ParameterChange> changes)
    {
        if (!IsActive) throw new InvalidOperationException("Process before Activate");
        int position = 0, next = 0;
        do
        {
            while (next < changes.Length && changes[next].SampleOffset <= position)
            {
                _portValues[changes[next].ParameterId] = (float)changes[next].Value;
                next++;
            }
            int end = next < changes.Length ? Math.Min(frames, changes[next].SampleOffset) : frames;
            Run(inputs, outputs, position, end - position);
            position = end;
        } while (position < frames);
    }

    public bool SetParameter(uint id, double value)
    {
        if (!Parameters.Any(p => p.Id == id)) return false;
        _portValues[id] = (float)value;
        return true;
    }

    public double GetParameter(uint id) => _portValues[id];

    // LADSPA has no text conversion: a host shows the number.
    public string? ValueToText(uint id, double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    public double? TextToValue(uint id, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : null;

    public byte[]? SaveState() => null;
    public bool LoadState(byte[] state, int readChunk = int.MaxValue) => false;

    /// LADSPA resets by deactivate + activate on the same instance.
    public void Reset()
    {
        if (!IsActive) return;
        if (_descriptor->Deactivate != null) _descriptor->Deactivate(_instance);
        if (_descriptor->Activate != null) _descriptor->Activate(_instance);
    }

    /// LADSPA has no presets (ladspa.h knows only ports).
    public IReadOnlyList<string> Presets => [];
    public bool LoadPreset(string name) => false;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Deactivate();
        NativeMemory.Free(_portValues);
        NativeMemory.Free(_scratch);
    }
}
