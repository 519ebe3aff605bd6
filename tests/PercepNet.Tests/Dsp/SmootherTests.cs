using PercepNet.Engine.Dsp;

namespace PercepNet.Tests.Dsp;

public class SmootherTests
{
    [Theory]
    [InlineData(0.010, 48000)]
    [InlineData(0.010, 44100)]
    [InlineData(0.05, 100)]
    public void An_exponential_glide_covers_63_percent_of_a_jump_in_one_time_constant(double seconds, double rate)
    {
        var s = Smoother.Exponential(seconds, rate, 0f);
        s.Target = 1f;
        int steps = (int)Math.Round(seconds * rate);
        for (int i = 0; i < steps; i++) s.Next();
        Assert.InRange(s.Value, 1 - Math.Exp(-1) - 0.01, 1 - Math.Exp(-1) + 0.01);
    }

    [Fact]
    public void The_enhancers_per_hop_glide_steps_three_tenths_of_the_distance()
    {
        // SpeechEnhancer's time constant at 100 hops a second: the step its renders have always had.
        var s = Smoother.Exponential(0.028036732520571, 100, 0f);
        s.Target = 1f;
        Assert.Equal(0.3f, s.Next());
    }

    [Theory]
    [InlineData(0.010, 48000, 480)]
    [InlineData(0.010, 44100, 441)]
    [InlineData(0.0001, 1000, 1)]
    public void A_linear_ramp_crosses_the_range_in_its_time_and_stops_exactly(double seconds, double rate, int steps)
    {
        var s = Smoother.Linear(seconds, rate, 0f);
        s.Target = 1f;
        for (int i = 0; i < steps - 1; i++) Assert.True(s.Next() < 1f, $"arrived early, step {i}");
        Assert.Equal(1f, s.Next());
        Assert.Equal(1f, s.Next());
        s.Target = 0f;
        for (int i = 0; i < steps; i++) s.Next();
        Assert.Equal(0f, s.Value);
    }

    [Fact]
    public void Reset_jumps_to_the_target_and_settling_ends_a_glide_that_has_arrived()
    {
        var s = Smoother.Exponential(0.010, 48000, 1f);
        s.Target = 0.25f;
        Assert.Equal(1f, s.Value);
        s.Reset();
        Assert.Equal(0.25f, s.Value);
        s.Target = 0f;
        for (int i = 0; i < 20_000; i++) s.Next();
        Assert.NotEqual(0f, s.Value);   // still gliding, towards denormals
        s.SettleWithin(1e-6f);
        Assert.Equal(0f, s.Value);
    }
}
