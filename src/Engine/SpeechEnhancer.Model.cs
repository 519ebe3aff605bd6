using PercepNet.Engine.Inference;

namespace PercepNet.Engine;

public sealed partial class SpeechEnhancer
{
    /// <summary>Enhancer driven by a trained model (docs/ENGINE_API.md).</summary>
    public SpeechEnhancer(PercepNetModel model, int lookahead = 1) : this(new NetworkGainSource(model), lookahead)
    {
        if (lookahead > model.MaxLookahead)
            throw new ArgumentOutOfRangeException(nameof(lookahead), $"the model was trained for lookahead up to {model.MaxLookahead}");
    }
}
