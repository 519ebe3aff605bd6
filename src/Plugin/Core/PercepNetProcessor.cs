using PercepNet.Engine;
using PercepNet.Engine.Inference;
using PercepNet.Engine.Processing;

namespace PercepNet.Plugin.Core;

/// <summary>
/// The effect as every format sees it (the nih-plug shape, docs/ARCHITECTURE.md): parameter values,
/// state, latency and one audio call per host block. Format shells translate their ABI into these
/// calls and know nothing of DSP; this class knows nothing of formats.
///
/// Each channel has its own <see cref="ChannelProcessor"/>, built exactly as the CLI builds it. A stereo instance
/// also has a <see cref="StereoLink"/> per model: with "Stereo link" on (the default) its mid-signal engine decides
/// one set of gains for both channels, as `percepnet denoise --stereo-link on` does; off, the channels are
/// independent, each equal to a mono render of that channel.
///
/// Threads: <see cref="Activate"/>, <see cref="Deactivate"/>, <see cref="SetValue"/>, <see cref="GetValue(int)"/>
/// and the state calls run on the host's main thread and may allocate; <see cref="Process"/> and
/// <see cref="Reset"/> run on the audio thread and never allocate, lock or throw. The audio thread
/// alone owns the engines and the values they run with; the main thread's values reach it through
/// a <see cref="ParameterMailbox"/>, taken whole at the start of a block, so a state load is never
/// seen half-applied and nothing is reset in the middle of a block.
/// </summary>
public sealed unsafe class PercepNetProcessor
{
    public const int MaxChannels = 2;
    /// <summary>The engines' piece size: also the size of the buffer that stands in for an input the host marked
    /// constant, and of the cross-fade's buffers.</summary>
    const int ChunkFrames = ChannelProcessor.ChunkFrames;

    readonly PercepNetModel _fullModel;
    readonly PercepNetModel? _lightModel;
    /// <summary>The values the engines run with: written by the audio thread only (by the main thread while inactive).</summary>
    readonly double[] _values = new double[Parameters.Count];
    readonly ParameterMailbox _mailbox = new();
    /// <summary>The engines of the running model: <see cref="_fullChannels"/> or <see cref="_lightChannels"/>.</summary>
    ChannelProcessor[] _channels = [];
    ChannelProcessor[] _fullChannels = [];
    /// <summary>Built beside the full engines at activation (when a light model exists), so that the model parameter
    /// switches on the audio thread without allocating, at the same latency.</summary>
    ChannelProcessor[] _lightChannels = [];
    /// <summary>Every engine of both sets, for what applies to all of them (parameters, reset, lookahead).</summary>
    ChannelProcessor[] _engines = [];
    /// <summary>Stereo only: the links of the full and the light engines (null for mono, or no light engines).</summary>
    StereoLink? _fullLink, _lightLink;
    float[][] _scratch = [];
    ModelCrossfade? _crossfade;
    int _activeLookahead;
    int _latencySamples;
    bool _streamStarted;
    /// <summary>The gain-reduction meter after the last block: written by the audio thread, read by any.</summary>
    float _gainReductionDb;

    /// <param name="fullModel">The network for "Model: Full".</param>
    /// <param name="lightModel">The network for "Model: Light" (the parameter's default); null runs <paramref name="fullModel"/> for both.</param>
    public PercepNetProcessor(PercepNetModel fullModel, PercepNetModel? lightModel = null)
    {
        _fullModel = fullModel;
        _lightModel = lightModel;
        for (int i = 0; i < _values.Length; i++) _values[i] = Parameters.All[i].Default;
        _activeLookahead = LookaheadValue;
    }

    /// <summary>Where main-thread calls report why they failed; null drops the messages (see <see cref="PluginLog"/>).</summary>
    public PluginLog? Log { get; init; }

    /// <summary>True for a host rate the engines run at (resampled to and from 48 kHz). Formats that negotiate the
    /// rate before activation (VST3 setupProcessing) refuse the others there, so activation cannot fail on it.</summary>
    public static bool SupportsSampleRate(double sampleRate)
        => sampleRate >= ChannelProcessor.MinSampleRate && sampleRate <= ChannelProcessor.MaxSampleRate;

    public bool IsActive => _channels.Length > 0;
    public int ChannelCount => _channels.Length;
    public double SampleRate { get; private set; }

    /// <summary>
    /// Exact latency at the host rate (engine hops, lookahead and resampler delays) of the
    /// current activation, 0 before the first one. Every format asks for it only while active
    /// (CLAP latency.get, VST3 after setActive, the LADSPA latency port written in run).
    /// </summary>
    public int LatencySamples => _latencySamples;

    /// <summary>The lookahead the running engines use; it changes only in <see cref="Activate"/>
    /// (or <see cref="ApplyLookaheadNow"/> for formats without a restart mechanism).</summary>
    public int ActiveLookahead => _activeLookahead;

    static readonly int LookaheadIndex = Parameters.IndexOf((uint)ParameterId.Lookahead);

    int LookaheadValue => (int)_values[LookaheadIndex];

    /// <summary>True (CLAP, VST3) when the host is asked to restart for a new lookahead's latency; false (LADSPA, whose
    /// host reads the latency port after every run) applies a lookahead change at once.</summary>
    public bool RestartsForLatency { get; init; } = true;

    /// <summary>
    /// What the suppressor takes away now, in dB (the Engine's <see cref="PercepNet.Engine.Dsp.GainReductionMeter"/>:
    /// speech band, energy-weighted, compressor-style smoothing): the most any running channel takes, as of the end
    /// of the last block. The read-only "Gain reduction" output of every format. Any thread.
    /// </summary>
    public float GainReductionDb => Volatile.Read(ref _gainReductionDb);

    /// <summary>Samples of output still to come after the input stops: what is in the pipeline, i.e. the latency.</summary>
    public int TailSamples => _latencySamples;

    /// <summary>True when the lookahead parameter differs from the running one, i.e. the host
    /// must restart the plug-in for the new latency (CLAP request_restart, VST3 kLatencyChanged).</summary>
    public bool LookaheadChangePending => (int)GetValue(LookaheadIndex) != _activeLookahead;

    bool LightWanted => _values[Parameters.IndexOf((uint)ParameterId.Model)] >= 0.5 && _lightChannels.Length > 0;

    /// <summary>Main thread: a parameter's value, including one posted and not yet taken by the audio thread.</summary>
    public double GetValue(int index)
        => _mailbox.TryPeek(index, out double posted) ? posted : Volatile.Read(ref _values[index]);

    public double GetValue(ParameterId id) => GetValue(Parameters.IndexOf((uint)id));

    /// <summary>
    /// Main thread: sets a plain value (sanitized into range). While active it is posted to the audio thread, which
    /// takes it at the start of its next block; while inactive (no audio runs) it applies at once. Returns false
    /// for an unknown index.
    /// </summary>
    public bool SetValue(int index, double plain)
    {
        if ((uint)index >= (uint)_values.Length) return false;
        Span<double> one = stackalloc double[_values.Length];
        one[index] = Parameters.All[index].Sanitize(plain);
        Hand(one, 1UL << index);
        return true;
    }

    /// <summary>
    /// Main thread: the values whose bit is set in <paramref name="mask"/> (indexed like <see cref="Parameters.All"/>),
    /// handed to the audio thread as one through the mailbox while active, applied at once otherwise. One value, a
    /// state load and a preset all go this way.
    /// </summary>
    void Hand(ReadOnlySpan<double> values, ulong mask)
    {
        if (IsActive)
        {
            _mailbox.Post(values, mask);
            return;
        }
        TakePosted();
        for (int i = 0; i < values.Length; i++)
            if ((mask & (1UL << i)) != 0) ApplyValue(i, values[i]);
    }

    public bool SetValue(ParameterId id, double plain) => SetValue(Parameters.IndexOf((uint)id), plain);

    /// <summary>Applies what the main thread posted: on the audio thread at a block's start, or on the main thread
    /// while no audio runs.</summary>
    void TakePosted()
    {
        var posted = _mailbox.Take();
        if (posted is null) return;
        for (int i = 0; i < _values.Length; i++)
            if ((posted.Posted & (1UL << i)) != 0) ApplyValue(i, posted.Values[i]);
    }

    /// <summary>Test view of the values the audio thread runs with (read it on the audio thread).</summary>
    internal double AudioValue(int index) => _values[index];

    /// <summary>How many times the running stream was cleared (activation, reset, settings before the first
    /// sample): a test counter that must not move while a stream plays.</summary>
    internal int StreamResets { get; private set; }

    /// <summary>
    /// Audio thread (or main thread while inactive): stores a plain value (sanitized into range) and hands it to the
    /// engines, which smooth it. Lookahead is stored only: it changes the latency, which formats may change only on
    /// (re)activation. Returns false for an unknown index.
    /// </summary>
    bool ApplyValue(int index, double plain)
    {
        if ((uint)index >= (uint)_values.Length) return false;
        var p = Parameters.All[index];
        double v = p.Sanitize(plain);
        _values[index] = v;
        foreach (var channel in _engines) Apply(channel, p.Id, v);
        if (p.Id == ParameterId.StereoLink) SetLinked(v >= 0.5);
        // A Model change is only recorded here: the engines are switched (cross-faded) by Process (SelectModel).
        // Before the first sample there is nothing to glide from: values a host sends with its
        // first block (VST3 delivers even initial settings inside process) take effect at once,
        // so the output equals a stream started with those settings (the CLI's).
        if (!_streamStarted) ResetEngines();
        return true;
    }

    /// <summary>Follows the Model parameter; called by Process on the audio thread before each stretch of a block, so
    /// every channel of the stretch sees the same switch state. A
    /// change starts a <see cref="ModelCrossfade"/>; when it has finished, the incoming engines become the running ones.</summary>
    void SelectModel()
    {
        if (_fullChannels.Length == 0 || _crossfade is null) return;
        var wanted = LightWanted ? _lightChannels : _fullChannels;
        if (_crossfade.Done)
        {
            _channels = _crossfade.Incoming!;
            _crossfade.Cancel();
        }
        if (ReferenceEquals(wanted, _channels))
        {
            // Switched back: before the fade nothing of the incoming engines was heard, so drop them; once fading,
            // finish the fade (stopping would jump), and the next block fades back.
            if (!_crossfade.Fading) _crossfade.Cancel();
            return;
        }
        if (!_streamStarted)
        {
            // Nothing heard yet (engines fresh from Activate, Reset or a pre-stream value): switch at once, so the
            // output equals a stream started with this model (the CLI's).
            _crossfade.Cancel();
            _channels = wanted;
            return;
        }
        if (!ReferenceEquals(wanted, _crossfade.Incoming))
        {
            _crossfade.Begin(wanted);
            LinkOf(wanted)?.Reset();   // in step with the incoming channels, which Begin has reset
        }
    }

    StereoLink? LinkOf(ChannelProcessor[] set) => ReferenceEquals(set, _lightChannels) ? _lightLink : ReferenceEquals(set, _fullChannels) ? _fullLink : null;

    void SetLinked(bool linked)
    {
        if (_fullLink is not null) _fullLink.Enabled = linked;
        if (_lightLink is not null) _lightLink.Enabled = linked;
    }

    void ResetEngines()
    {
        foreach (var channel in _engines) channel.Reset();   // the links' mid engines are among them
        _fullLink?.Gains.Reset();
        _lightLink?.Gains.Reset();
        StreamResets++;
    }

    static void Apply(ChannelProcessor channel, ParameterId id, double v)
    {
        switch (id)
        {
            case ParameterId.AttenuationLimit: channel.AttenuationLimitDb = v; break;
            case ParameterId.PostFilter: channel.PostFilterAmount = (float)(v / 100.0); break;
            case ParameterId.DryWet: channel.DryWet = (float)(v / 100.0); break;
            case ParameterId.Bypass: channel.Bypass = v >= 0.5; break;
        }
    }

    /// <summary>Saves every parameter (deterministic bytes, see <see cref="PluginState"/>).</summary>
    public byte[] SaveState()
    {
        Span<double> values = stackalloc double[_values.Length];
        for (int i = 0; i < values.Length; i++) values[i] = GetValue(i);
        return PluginState.Write(values);
    }

    /// <summary>Main thread: loads a saved state, handed to the audio thread as one (see <see cref="SetValue"/>); a
    /// refused state leaves every value as it was.</summary>
    public bool LoadState(ReadOnlySpan<byte> bytes)
    {
        Span<double> values = stackalloc double[_values.Length];
        if (!PluginState.TryRead(bytes, values)) return false;
        Hand(values, ParameterMailbox.Every);
        return true;
    }

    /// <summary>Main thread: loads factory preset <paramref name="preset"/> (<see cref="FactoryPresetValues"/>) the way a
    /// state load goes, through the mailbox while active, so the audio thread takes all its values in one block; the
    /// parameters it does not set keep their values. A lookahead it changes waits for a restart like any other
    /// (<see cref="LookaheadChangePending"/>). Returns false for an unknown preset.</summary>
    public bool LoadPreset(int preset)
    {
        if ((uint)preset >= (uint)FactoryPresetValues.Count) return false;
        Hand(FactoryPresetValues.Values(preset), FactoryPresetValues.Mask);
        return true;
    }

    /// <summary>
    /// Builds the engines for a sample rate and channel count and applies the lookahead
    /// parameter. Returns false (plug-in stays inactive) for an unsupported rate or channel
    /// count; the host then reports the failure instead of getting garbage.
    /// </summary>
    public bool Activate(double sampleRate, int channelCount)
    {
        Deactivate();
        TakePosted();
        if (channelCount is < 1 or > MaxChannels) return false;
        if (!SupportsSampleRate(sampleRate))
        {
            Log?.Invoke(LogSeverity.Error, $"PercepNet cannot run at {sampleRate} Hz: it runs from {ChannelProcessor.MinSampleRate} to {ChannelProcessor.MaxSampleRate} Hz");
            return false;
        }
        int lookahead = LookaheadValue;
        var channels = new ChannelProcessor[channelCount];
        try
        {
            for (int c = 0; c < channelCount; c++) channels[c] = CreateChannel(_fullModel, sampleRate, lookahead);
        }
        catch (Exception e)
        {
            Log?.Invoke(LogSeverity.Error, $"PercepNet cannot run at {sampleRate} Hz: {e.GetType().Name}");
            return false;
        }
        // The light engines are an option: if they cannot be built, "Light" keeps the full model running.
        ChannelProcessor[] lightChannels = [];
        if (_lightModel is not null)
        {
            try
            {
                var built = new ChannelProcessor[channelCount];
                for (int c = 0; c < channelCount; c++) built[c] = CreateChannel(_lightModel, sampleRate, lookahead);
                lightChannels = built;
            }
            catch (Exception e)
            {
                Log?.Invoke(LogSeverity.Warning, $"PercepNet: the light model cannot run, \"Light\" keeps the full model ({e.GetType().Name})");
            }
        }
        // Stereo: a mid-signal engine per model decides the linked gains (used while "Stereo link" is on).
        StereoLink? fullLink = null, lightLink = null;
        if (channelCount == 2)
        {
            try
            {
                fullLink = new StereoLink(channels[0], channels[1], CreateChannel(_fullModel, sampleRate, lookahead));
                if (lightChannels.Length == 2)
                    lightLink = new StereoLink(lightChannels[0], lightChannels[1], CreateChannel(_lightModel!, sampleRate, lookahead));
            }
            catch (Exception e)
            {
                Log?.Invoke(LogSeverity.Error, $"PercepNet cannot run at {sampleRate} Hz: {e.GetType().Name}");
                return false;
            }
        }
        var scratch = new float[channelCount][];
        for (int c = 0; c < channelCount; c++) scratch[c] = new float[ChunkFrames];

        SampleRate = sampleRate;
        _activeLookahead = lookahead;
        _latencySamples = channels[0].LatencySamples;
        _scratch = scratch;
        _crossfade = new ModelCrossfade(channelCount, ChunkFrames, sampleRate);
        _fullChannels = channels;
        _lightChannels = lightChannels;
        _fullLink = fullLink;
        _lightLink = lightLink;
        // The mid engines take every parameter, lookahead and reset the channels take.
        var engines = new List<ChannelProcessor>(channels);
        engines.AddRange(lightChannels);
        if (fullLink is not null) engines.Add(fullLink.Mid);
        if (lightLink is not null) engines.Add(lightLink.Mid);
        _engines = [.. engines];
        _channels = LightWanted ? lightChannels : channels;
        // Start from the parameter values, not ramping towards them from the engine defaults:
        // the first hop then equals what `percepnet denoise` writes with the same settings.
        Reset();
        for (int i = 0; i < _values.Length; i++) ApplyValue(i, _values[i]);
        return true;
    }

    /// <summary>One channel's engine, built the way the CLI builds it (src/Cli/Denoise): network
    /// gains (per-stream state) → SpeechEnhancer → ChannelProcessor at the host rate.</summary>
    static ChannelProcessor CreateChannel(PercepNetModel model, double sampleRate, int lookahead)
    {
        var enhancer = new SpeechEnhancer(new NetworkGainSource(model), lookahead);
        return new ChannelProcessor(enhancer, sampleRate);
    }

    public void Deactivate()
    {
        _channels = [];
        _fullChannels = [];
        _lightChannels = [];
        _engines = [];
        _fullLink = null;
        _lightLink = null;
        _scratch = [];
        _crossfade = null;
    }

    /// <summary>
    /// Applies a changed lookahead to running engines at once (the stream restarts). For LADSPA,
    /// which has no restart request: its host reads the new latency from the latency port.
    /// </summary>
    void ApplyLookaheadNow()
    {
        int lookahead = LookaheadValue;
        if (lookahead == _activeLookahead) return;
        _activeLookahead = lookahead;
        foreach (var channel in _engines) channel.Lookahead = lookahead;
        _crossfade?.Cancel();   // its timing assumed the old latency; the next block starts it again
        if (_channels.Length > 0) _latencySamples = _channels[0].LatencySamples;
    }

    /// <summary>Clears all signal history (host reset / transport jump); parameters stay.</summary>
    public void Reset()
    {
        ResetEngines();
        Volatile.Write(ref _gainReductionDb, 0f);
        _crossfade?.Cancel();   // a restarted stream switches at once (SelectModel)
        _streamStarted = false;
    }

    /// <summary>
    /// Audio thread: one host block, every channel, with the block's parameter changes (sorted by offset, see
    /// <see cref="ParameterChangeList"/>). The block is cut at each change so automation lands at its sample
    /// (the engines apply it at hop granularity, smoothed); a model switch is decided at each cut for all channels
    /// at once. Input channels that are missing play as silence, constant ones as their value, so every engine
    /// stays on the same timeline; outputs past the running channels are cleared. Changes in a block without
    /// frames, or while inactive, are applied at once (parameter flushes). Input and output may be the same memory.
    /// Never allocates, locks or throws.
    /// </summary>
    /// <returns><see cref="ProcessStatus.RestartNeeded"/> when a change in this block made the lookahead differ
    /// from the running one: the host must restart the plug-in for the new latency.</returns>
    public ProcessStatus Process(in AudioBlock block, ReadOnlySpan<ParameterChange> changes)
    {
        TakePosted();
        bool lookaheadChanged = false;
        int frames = IsActive ? block.Frames : 0;
        int position = 0;
        foreach (var change in changes)
        {
            int offset = Math.Min(change.SampleOffset, frames);
            if (offset > position)
            {
                Render(block, position, offset - position);
                position = offset;
            }
            if (!ApplyValue(change.ParameterIndex, change.PlainValue) || change.ParameterIndex != LookaheadIndex) continue;
            // A format without a restart request takes the new latency at once (the stream restarts here).
            if (RestartsForLatency) lookaheadChanged = true;
            else if (IsActive) ApplyLookaheadNow();
        }
        if (frames > position) Render(block, position, frames - position);
        UpdateMeter();
        for (int c = _channels.Length; c < block.OutputChannels; c++)
        {
            float* output = block.Output(c, 0);
            if (output != null) new Span<float>(output, block.Frames).Clear();
        }
        return lookaheadChanged && LookaheadValue != _activeLookahead ? ProcessStatus.RestartNeeded : ProcessStatus.Continue;
    }

    void UpdateMeter()
    {
        float most = 0;
        foreach (var channel in _channels) most = Math.Max(most, channel.GainReductionDb);
        Volatile.Write(ref _gainReductionDb, most);
    }

    /// <summary>One stretch of the block between changes, through every running channel.</summary>
    void Render(in AudioBlock block, int offset, int frames)
    {
        SelectModel();
        _streamStarted = true;
        if (LinkOf(_channels) is { } link)
        {
            RenderLinked(block, offset, frames, link);
            return;
        }
        for (int c = 0; c < _channels.Length; c++)
        {
            float* output = block.Output(c, offset);
            float* input = block.Input(c, offset);
            bool constant = block.IsConstant(c, out float value) || input == null;
            if (output == null || constant)
                RunInPieces(c, input, constant, value, output, frames);
            else
                Run(c, new ReadOnlySpan<float>(input, frames), new Span<float>(output, frames));
        }
    }

    /// <summary>A stereo stretch, piece by piece: the links' mid engines (the running one, and the incoming one while a
    /// model switch fades) see each piece of both inputs before the channels run it. Whether the link is on or off
    /// is the engines' business (<see cref="StereoLink.Enabled"/>); off, the channels' output is what it would be
    /// without a link.</summary>
    void RenderLinked(in AudioBlock block, int offset, int frames, StereoLink link)
    {
        var incoming = _crossfade?.Incoming is { } set ? LinkOf(set) : null;
        for (int done = 0; done < frames; done += ChunkFrames)
        {
            int n = Math.Min(ChunkFrames, frames - done);
            var left = InputPiece(block, 0, offset + done, n);
            var right = InputPiece(block, 1, offset + done, n);
            link.Feed(left, right);
            incoming?.Feed(left, right);
            Run(0, left, OutputPiece(block, 0, offset + done, n));
            Run(1, right, OutputPiece(block, 1, offset + done, n));
        }
    }

    /// <summary>A channel's input piece: the host's samples, or the scratch filled with its constant value (a missing
    /// input is 0).</summary>
    ReadOnlySpan<float> InputPiece(in AudioBlock block, int channel, int offset, int frames)
    {
        float* input = block.Input(channel, offset);
        if (!block.IsConstant(channel, out float value) && input != null) return new ReadOnlySpan<float>(input, frames);
        var piece = _scratch[channel].AsSpan(0, frames);
        piece.Fill(value);
        return piece;
    }

    /// <summary>A channel's output piece, or its scratch when the host gave no output (the engine still runs, to stay
    /// in step; writing over a constant input there is fine, the engine reads each sample before writing it).</summary>
    Span<float> OutputPiece(in AudioBlock block, int channel, int offset, int frames)
    {
        float* output = block.Output(channel, offset);
        return output != null ? new Span<float>(output, frames) : _scratch[channel].AsSpan(0, frames);
    }

    /// <summary>A channel whose input is one value throughout (a missing input is 0), or whose output the host did
    /// not give (the engine still runs, to stay in step with the other channels): through the engine one scratch
    /// piece at a time.</summary>
    void RunInPieces(int channel, float* input, bool constant, float value, float* output, int frames)
    {
        var scratch = _scratch[channel];
        for (int done = 0; done < frames; done += ChunkFrames)
        {
            int n = Math.Min(ChunkFrames, frames - done);
            var piece = scratch.AsSpan(0, n);
            ReadOnlySpan<float> source = piece;
            if (constant) piece.Fill(value);
            else source = new ReadOnlySpan<float>(input + done, n);
            Run(channel, source, output != null ? new Span<float>(output + done, n) : piece);
        }
    }

    /// <summary>One channel's piece through the running engine, or through both while a model switch fades.</summary>
    void Run(int channel, ReadOnlySpan<float> input, Span<float> output)
    {
        if (_crossfade?.Incoming is not null) _crossfade.Process(channel, _channels[channel], input, output);
        else _channels[channel].Process(input, output);
    }
}
