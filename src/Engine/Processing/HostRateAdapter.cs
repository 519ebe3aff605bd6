using System.Diagnostics;
using PercepNet.Engine.Resampling;

namespace PercepNet.Engine.Processing;

/// <summary>
/// Runs the 48 kHz <see cref="HopAdapter"/> at any host rate: host → 48 kHz → hops → host,
/// equal sample counts per call, and a total delay that is a whole number of host samples.
/// <para>
/// Why the delay is exact: with the resampler rule "after N inputs ⌈N·I/D⌉ outputs exist", the
/// return path always holds at least as many host samples as went in, so a FIFO with no priming
/// never runs dry and adds no delay of its own. The total is then the sum of the group delays,
/// D_in + (E + D_out)·f_host/48000; the input resampler's delay is lengthened by a fraction of a
/// sample so that this sum is an integer (exact rational arithmetic, see <see cref="Configure"/>).
/// </para>
/// At 48 kHz the hops run directly.
/// </summary>
public sealed class HostRateAdapter
{
    public const double InternalRate = 48000;

    private const int MaxInternalChunk = 8192;

    private readonly HopAdapter _stage;
    private readonly PolyphaseResampler? _toInternal, _toHost;
    private readonly float[] _internalIn = [], _internalOut = [], _hostOut = [];
    private readonly SampleFifo? _fifo;
    private readonly int _hostChunk;

    /// <param name="maxChunk">The longest piece <see cref="Process"/> runs at once (buffers are sized for it); longer
    /// calls are cut into pieces, which changes nothing in the output.</param>
    public HostRateAdapter(double hostRate, HopAdapter stage, int maxChunk)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChunk, 1);
        _stage = stage;
        if (!RateRatio.Between(hostRate, InternalRate).IsIdentity)
        {
            _toInternal = new PolyphaseResampler(hostRate, InternalRate);
            _toHost = new PolyphaseResampler(InternalRate, hostRate);
            var ratio = _toInternal.Ratio;
            // Host chunks small enough that one chunk's 48 kHz samples fit the internal buffers (1 kHz hosts: 48× more).
            _hostChunk = (int)Math.Clamp((MaxInternalChunk - 2) * ratio.Decimation / ratio.Interpolation, 1, maxChunk);
            _internalIn = new float[_toInternal.MaxOutputCount(_hostChunk)];
            _internalOut = new float[_internalIn.Length];
            _hostOut = new float[_toHost.MaxOutputCount(_internalIn.Length)];
            _fifo = new SampleFifo(_hostOut.Length + _hostChunk + 4);
        }
        Configure();
    }

    /// <summary>Total delay in host samples, resamplers and hops included. Exact.</summary>
    public int LatencySamples { get; private set; }

    /// <summary>Recomputes the latency from the hops' current latency and resets everything.</summary>
    public void Configure()
    {
        LatencySamples = LatencyFor(_stage.LatencySamples, out long inputDelay);
        if (_toInternal is not null && _toHost is not null)
        {
            _toInternal.SetDelay(inputDelay);
            _toHost.SetDelay(_toHost.MinimumDelay);
        }
        Reset();
    }

    /// <summary>The total delay in host samples for a 48 kHz stage delay, without changing anything.</summary>
    public int LatencyFor(int stageLatency) => LatencyFor(stageLatency, out _);

    private int LatencyFor(int stageLatency, out long inputDelay)
    {
        inputDelay = 0;
        if (_toInternal is null || _toHost is null) return stageLatency;
        // Units of 1/I host samples, I/D = 48000/f_host. The return resampler's delay, in units of
        // 1/D 48 kHz samples, is the same number in these units, and E 48 kHz samples are E·D of them.
        long up = _toInternal.Ratio.Interpolation, down = _toInternal.Ratio.Decimation;
        long returnDelay = _toHost.MinimumDelay;
        long total = _toInternal.MinimumDelay + stageLatency * down + returnDelay;
        long latency = (total + up - 1) / up;
        inputDelay = latency * up - stageLatency * down - returnDelay;
        Debug.Assert(inputDelay + stageLatency * down + returnDelay == latency * up);
        return (int)latency;
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
