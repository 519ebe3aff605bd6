namespace PercepNet.Engine.Dsp;

/// <summary>
/// A parameter ramp: the value moves towards <see cref="Target"/> by one step per <see cref="Next"/>, so a host's
/// jump in a setting never reaches the audio as a click. Every ramp in the engine is one of these, timed in
/// seconds and stepped at its own rate (per sample for the mix, per hop for what the enhancer applies per frame):
/// <list type="bullet">
/// <item><see cref="Exponential"/>: a one-pole glide with a time constant (the value covers 63 % of the remaining
/// distance in that time); for continuous settings, where a glide sounds natural.</item>
/// <item><see cref="Linear"/>: a constant speed that crosses the range 0..1 in the given time; for a switch
/// (bypass), which must arrive exactly and in a known time.</item>
/// </list>
/// Allocation-free after construction; single-threaded (the audio thread's).
/// </summary>
public sealed class Smoother
{
    private readonly float _coefficient;   // exponential: share of the remaining distance per step
    private readonly float _step;          // linear: distance per step
    private readonly bool _linear;
    private float _value, _target;

    private Smoother(float coefficient, float step, bool linear, float initial)
    {
        _coefficient = coefficient;
        _step = step;
        _linear = linear;
        _value = _target = initial;
    }

    /// <summary>A one-pole glide with time constant <paramref name="timeConstantSeconds"/>, stepped
    /// <paramref name="stepsPerSecond"/> times a second.</summary>
    public static Smoother Exponential(double timeConstantSeconds, double stepsPerSecond, float initial)
        => new((float)(1 - Math.Exp(-1 / (timeConstantSeconds * stepsPerSecond))), 0f, false, initial);

    /// <summary>A ramp at constant speed that crosses 0..1 in <paramref name="rampSeconds"/> (at least one step),
    /// stepped <paramref name="stepsPerSecond"/> times a second.</summary>
    public static Smoother Linear(double rampSeconds, double stepsPerSecond, float initial)
        => new(0f, (float)(1 / Math.Max(1, Math.Round(rampSeconds * stepsPerSecond))), true, initial);

    /// <summary>Where the value is heading. Setting it starts a ramp from the current value.</summary>
    public float Target
    {
        get => _target;
        set => _target = value;
    }

    /// <summary>The value after the last step.</summary>
    public float Value => _value;

    /// <summary>Jumps to the target: a stream that starts (or restarts) starts at its settings, not ramping to them.</summary>
    public void Reset() => _value = _target;

    /// <summary>One step towards the target; returns the new value.</summary>
    public float Next()
    {
        if (_linear)
        {
            if (_value != _target)
                _value = _target > _value ? MathF.Min(_target, _value + _step) : MathF.Max(_target, _value - _step);
        }
        else
        {
            _value += _coefficient * (_target - _value);
        }
        return _value;
    }

    /// <summary>
    /// Ends an exponential glide that has come within <paramref name="tolerance"/> of its target: the remaining
    /// distance would otherwise shrink through denormal numbers, which are slow on the CPU, for as long as the
    /// value is stepped. Called between pieces of audio, where a per-sample glide has had many steps.
    /// </summary>
    public void SettleWithin(float tolerance)
    {
        if (MathF.Abs(_value - _target) < tolerance) _value = _target;
    }
}
