using System.Diagnostics;
using PercepNet.Engine.Resampling;

namespace PercepNet.Engine.Processing;

/// <summary>
/// Runs a 48 kHz <see cref="IFixedLatencyStage"/> at any host rate: host → 48 kHz → stage → host,
/// equal sample counts per call, and a total delay that is a whole number of host samples.
/// <para>
/// Why the delay is exact: with the resampler rule "after N inputs ⌈N·I/D⌉ outputs exist", the
/// return path always holds at least as many host samples as went in, so a FIFO with no priming
/// never runs dry and adds no delay of its own. The total is then the sum of the group delays,
/// D_in + (E + D_out)·f_host/48000; the input resampler's delay is lengthened by a fraction of a
/// sample so that this sum is an integer (exact rational arithmetic, see <see cref="Configure"/>).
/// </para>
/// At 48 kHz the stage runs directly.
/// </summary>
public sealed class HostRateAdapter
{
    public const double InternalRate = 48000;

    private const int MaxInternalChunk = 8192;
    private const int MaxHostChunk = 4096;

    private readonly IFixedLatencyStage _stage;
    private readonly PolyphaseResampler? _toInternal, _toHost;
    private readonly float[] _internalIn = [], _internalOut = [], _hostOut = [];
    private readonly SampleFifo? _fifo;
    private readonly int _hostChunk;

    public HostRateAdapter(double hostRate, IFixedLatencyStage stage)
    {
        _stage = stage;
        if (!RateRatio.Between(hostRate, InternalRate).IsIdentity)
        {
            _toInternal = new PolyphaseResampler(hostRate, InternalRate);
            _toHost = new PolyphaseResampler(InternalRate, hostRate);
            var ratio = _toInternal.Ratio;
            // Host chunks small enough that one chunk's 48 kHz samples fit the internal buffers (1 kHz hosts: 48× more).
            _hostChunk = (int)Math.Clamp((MaxInternalChunk - 2) * ratio.Decimation / ratio.Interpolation, 1, MaxHostChunk);
            _internalIn = new float[_toInternal.MaxOutputCount(_hostChunk)];
            _internalOut = new float[_internalIn.Length];
            _hostOut = new float[_toHost.MaxOutputCount(_internalIn.Length)];
            _fifo = new SampleFifo(_hostOut.Length + _hostChunk + 4);
        }
        Configure();
    }

    /// <summary>Total delay in host samples, resamplers and stage included. Exact.</summary>
    public int LatencySamples { get; private set; }

    /// <summary>Recomputes the latency from the stage's current latency and resets everything.</summary>
    public void Configure()
    {
        int stageLatency = _stage.LatencySamples;
        if (_toInternal is null || _toHost is null)
        {
            LatencySamples = stageLatency;
        }
        else
        {
            // Units of 1/I host samples, I/D = 48000/f_host. The return resampler's delay, in units of
            // 1/D 48 kHz samples, is the same number in these units, and E 48 kHz samples are E·D of them.
            long up = _toInternal.Ratio.Interpolation, down = _toInternal.Ratio.Decimation;
            long returnDelay = _toHost.MinimumDelay;
            long total = _toInternal.MinimumDelay + stageLatency * down + returnDelay;
            long latency = (total + up - 1) / up;
            _toInternal.SetDelay(latency * up - stageLatency * down - returnDelay);
            _toHost.SetDelay(returnDelay);
            Debug.Assert(_toInternal.Delay + stageLatency * down + returnDelay == latency * up);
            LatencySamples = (int)latency;
        }
        Reset();
    }

    public void Reset()
    {
        _toInternal?.Reset();
        _toHost?.Reset();
        _fifo?.Clear();
        _stage.Reset();
    }

    /// <summary>Equal counts, any length. In-place safe (input and output may be the same memory).</summary>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (_toInternal is null || _toHost is null || _fifo is null)
        {
            _stage.Process(input, output);
            return;
        }
        for (int done = 0; done < input.Length;)
        {
            int n = Math.Min(_hostChunk, input.Length - done);
            int internalCount = _toInternal.Process(input.Slice(done, n), _internalIn, out _);
            _stage.Process(_internalIn.AsSpan(0, internalCount), _internalOut.AsSpan(0, internalCount));
            int hostCount = _toHost.Process(_internalOut.AsSpan(0, internalCount), _hostOut, out _);
            _fifo.Write(_hostOut.AsSpan(0, hostCount));
            int got = _fifo.Read(output.Slice(done, n));
            Debug.Assert(got == n, "the return path always yields at least as many samples as went in");
            output.Slice(done + got, n - got).Clear();
            done += n;
        }
    }
}
