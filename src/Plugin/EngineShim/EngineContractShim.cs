// TEMPORARY compile shim for ChannelProcessor, which has not landed yet (docs/ENGINE_API.md).
// It lets the format shells build; delete this file as soon as the real type exists. Its
// constructor throws, so activation fails in every format: nothing built with this shim can
// pass audio through as "denoised".
namespace PercepNet.Engine.Processing
{
    public sealed class ChannelProcessor
    {
        public ChannelProcessor(Inference.PercepNetModel model, double sampleRate, int lookahead = 1, int maxBlock = 65536)
            => throw new NotSupportedException("Engine ChannelProcessor has not landed yet");
        public int LatencySamples => 0;
        public float Strength, PostFilterAmount, DryWet;
        public bool Bypass;
        public int Lookahead;
        public void Process(ReadOnlySpan<float> input, Span<float> output) { }
        public void Reset() { }
    }
}
