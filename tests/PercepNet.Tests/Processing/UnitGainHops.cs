using PercepNet.Engine;
using PercepNet.Engine.Processing;
using PercepNet.Tests.Dsp;

namespace PercepNet.Tests.Processing;

/// <summary>The enhancer's hops with unit gains and no pitch filtering: a delay (perfect reconstruction, error below
/// −100 dB), standing in for the enhancer where latency and timing alone are tested.</summary>
internal static class UnitGainHops
{
    /// <summary>Hops delaying by <paramref name="latency"/> 48 kHz samples: 960, 1440 or 1920 (lookahead 0, 1, 2).</summary>
    public static HopAdapter Delay(int latency)
    {
        var hops = new HopAdapter(new SpeechEnhancer(new UnitGainSource(), latency / SpeechEnhancer.HopSize - 2));
        if (hops.LatencySamples != latency) throw new ArgumentOutOfRangeException(nameof(latency), latency, "480 × (2 + lookahead)");
        return hops;
    }
}
