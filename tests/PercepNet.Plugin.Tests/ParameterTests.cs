using PercepNet.Plugin.Core;

namespace PercepNet.Plugin.Tests;

/// The parameter set every format lists, declared once.
public class ParameterTests
{
    [Fact]
    public void Values_are_clamped_snapped_and_survive_normalized_and_text_round_trips()
    {
        foreach (var p in Parameters.All)
        {
            Assert.Equal(p.Min, p.Sanitize(p.Min - 10));
            Assert.Equal(p.Max, p.Sanitize(p.Max + 10));
            Assert.Equal(p.Default, p.Sanitize(double.NaN));
            for (double n = 0; n <= 1.0; n += 0.125)
            {
                double plain = p.FromNormalized(n);
                Assert.Equal(plain, p.FromNormalized(p.ToNormalized(plain)), 9);
                Assert.True(p.TryParseValue(p.FormatValue(plain), out double parsed), $"{p.Name}: '{p.FormatValue(plain)}'");
                Assert.Equal(plain, parsed, 2);
                if (p.IsStepped) Assert.Equal(Math.Round(plain), plain);
            }
        }
    }

    [Fact]
    public void Only_the_frame_and_choice_parameters_are_lists()
    {
        Assert.Equal([ParameterId.Lookahead, ParameterId.Model], Parameters.All.Where(p => p.IsList).Select(p => p.Id));
        Assert.Equal(["Full", "Light"], Parameters.Model.Labels);
        Assert.True(Parameters.Model.TryParseValue("light", out double light));
        Assert.Equal(1, light);
        Assert.False(Parameters.PostFilter.TryParseValue("40 dB", out _));
        Assert.True(Parameters.AttenuationLimit.TryParseValue("40 dB", out double limit));
        Assert.Equal(40, limit);
        Assert.Equal("43.98 dB", Parameters.AttenuationLimit.FormatValue(43.98));
    }

    [Fact]
    public void The_retired_strength_id_names_no_parameter()
    {
        // Hosts keep automation per id as plain values: a lane of percentages must not drive the limit in dB.
        Assert.Equal(-1, Parameters.IndexOf((uint)ParameterId.Strength));
        Assert.Equal(ParameterId.AttenuationLimit, Parameters.All[0].Id);   // LADSPA's first control port, as before
        Assert.Equal("dB", Parameters.AttenuationLimit.Unit);
    }

    [Fact]
    public void Ids_are_unique_and_unknown_ids_are_not_found()
    {
        Assert.Equal(Parameters.Count, Parameters.All.Select(p => p.Id).Distinct().Count());
        Assert.Equal(-1, Parameters.IndexOf(0xDEAD));
        Assert.Null(Parameters.Find(0xDEAD));
        for (int i = 0; i < Parameters.Count; i++) Assert.Equal(i, Parameters.IndexOf((uint)Parameters.All[i].Id));
    }
}
