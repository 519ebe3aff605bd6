using PercepNet.Cli.Oracle;

namespace PercepNet.Tests.Oracle;

/// <summary>
/// The oracle ladder on real dev-split speech and noise (issue 3, docs/oracle-ladder.md): keeps the
/// orderings that hold on this data.
/// </summary>
public class OracleLadderTests
{
    [Fact]
    public void EveryRungBeatsTheNoisyInputAndTheCombAndPostFilterDoTheirJobs()
    {
        var results = DevLadder.Run(SharedData.Root, mixturesPerSnr: 8, snrs: [5], permissiveOnly: true, TextWriter.Null);
        var r = results.ToDictionary(s => s.Rung);
        var noisy = r["noisy"];
        foreach (var rung in new[] { "bin-magnitude", "band-gain", "band-comb", "band-comb-postfilter" })
        {
            Assert.True(r[rung].SiSdr > noisy.SiSdr + 8, $"{rung} SI-SDR {r[rung].SiSdr:F2} vs noisy {noisy.SiSdr:F2}");
            Assert.True(r[rung].Estoi > noisy.Estoi + 0.15, $"{rung} ESTOI {r[rung].Estoi:F3} vs noisy {noisy.Estoi:F3}");
        }
        // The comb filter removes noise between harmonics: band+comb above band-only.
        Assert.True(r["band-comb"].Estoi > r["band-gain"].Estoi, "comb filter did not raise ESTOI");
        Assert.True(r["band-comb"].SiSdr > r["band-gain"].SiSdr + 0.3, "comb filter did not raise SI-SDR");
        // The post-filter lowers the residual noise where there is no speech.
        Assert.True(r["band-comb-postfilter"].NonSpeechDb < r["band-comb"].NonSpeechDb - 0.5, "post-filter did not lower non-speech residual");
        // The paper's order band < band+comb < band+comb+post-filter holds on SI-SDR.
        Assert.True(r["band-comb-postfilter"].SiSdr > r["band-comb"].SiSdr);
    }
}
