using PercepNet.Cli.Audio;
using PercepNet.Cli.CommandLine;
using PercepNet.Engine;
using PercepNet.Engine.Presets;

namespace PercepNet.Cli.Denoise;

/// <summary>Everything <c>percepnet denoise</c> was asked to do.</summary>
public sealed record DenoiseOptions
{
    public required string Input { get; init; }
    public required string Output { get; init; }
    public bool Batch { get; init; }
    /// <summary>0..60 dB: how far any band may be attenuated (the plug-ins' "Attenuation limit").</summary>
    public double AttenuationLimitDb { get; init; } = SpeechEnhancer.MaxAttenuationDb;
    public float PostFilter { get; init; } = 1f;
    public int Lookahead { get; init; } = 1;
    public float DryWet { get; init; } = 1f;
    /// <summary>Two-channel files: one set of gains for both channels (the image stays), or each channel on its own.</summary>
    public bool StereoLink { get; init; } = true;
    public string? ModelPath { get; init; }
    /// <summary>The factory preset the settings started from (--preset), or null; options given beside it override it.</summary>
    public FactoryPreset? Preset { get; init; }
    /// <summary>Null keeps each input's own sample encoding.</summary>
    public SampleEncoding? OutputEncoding { get; init; }
    public bool Json { get; init; }
    public bool Force { get; init; }
    public bool ShowProgress { get; init; } = true;
    /// <summary>Files processed at once in batch mode; each file runs on one thread.</summary>
    public int Jobs { get; init; } = Environment.ProcessorCount;

    public static readonly string Usage =
        $"""
        usage: percepnet denoise IN OUT [options]          (IN: WAV, FLAC, MP3, Ogg; OUT: .wav or .flac)
               percepnet denoise --batch IN_DIR OUT_DIR [options]
        options:
          --preset NAME        a factory preset: {FactoryPresets.Keys} (README "Presets");
                               the options below, when given, override its values
          --attenuation-limit DB  0..60: at most this much attenuation, in dB (default 60)
          --strength 0..1      the former name: --strength S is --attenuation-limit S x 60
          --post-filter PCT    0..100: envelope post-filter amount in % (default 100)
          --postfilter 0..1    the former name: --postfilter F is --post-filter F x 100
          --lookahead 0|1|2    network lookahead in 10 ms frames (default 1)
          --mix PCT            0..100: dry/wet mix in %, 0 = input only, 100 = fully processed (default 100)
          --dry-wet 0..1       the former name: --dry-wet F is --mix F x 100
          --stereo-link on|off two-channel files: one set of gains for both channels, so the image stays (default on);
                               off: each channel on its own (two microphones in one file)
          --model M            a .pnm model file, or a built-in model: light (default), full (paper size, 6.6x the CPU)
          --format F           output encoding: pcm16, pcm24, pcm32, float32, float64 (default: as the input;
                               FLAC outputs: pcm16 or pcm24, and float inputs become pcm24)
          --jobs N             batch: files processed in parallel (default: number of cores)
          --json               print a JSON report per file on stdout
          --force              overwrite existing outputs (never the input)
          --no-progress        no progress bar (it is shown only on a terminal anyway)
        """;

    public static DenoiseOptions Parse(IReadOnlyList<string> args)
    {
        var a = ParsedArguments.Parse(args,
            ["preset", "attenuation-limit", "strength", "post-filter", "postfilter", "lookahead", "mix", "dry-wet", "stereo-link", "model", "format", "jobs"],
            ["batch", "json", "force", "no-progress"]);
        if (a.Positionals.Count != 2)
            throw ParsedArguments.Usage(a.Flag("batch") ? "denoise --batch needs IN_DIR and OUT_DIR" : "denoise needs IN and OUT");
        if (!a.Flag("batch") && !AudioFileWriter.IsWritableName(a.Positionals[1]))
            throw ParsedArguments.Usage($"the output is written as WAV or FLAC: name it .wav or .flac, not '{Path.GetFileName(a.Positionals[1])}'");
        SampleEncoding? encoding = null;
        if (a.Value("format") is { } f)
        {
            if (!SampleEncodingInfo.TryParse(f, out var e)) throw ParsedArguments.Usage($"--format must be pcm16, pcm24, pcm32, float32 or float64, got '{f}'");
            encoding = e;
            if (!a.Flag("batch") && AudioFileWriter.ContainerFor(a.Positionals[1]) == AudioFileWriter.Container.Flac && !Audio.Flac.FlacWriter.CanHold(e))
                throw ParsedArguments.Usage($"--format {f}: FLAC stores 16- or 24-bit integer samples; use pcm16 or pcm24, or a .wav output");
        }
        var preset = a.Value("preset") is { } name
            ? FactoryPresets.Find(name) ?? throw ParsedArguments.Usage($"--preset: no preset '{name}'; the presets are {FactoryPresets.Keys}")
            : null;
        // Without --preset the defaults are the Default preset's, which are the parameters' defaults.
        var start = preset ?? FactoryPresets.Default;
        return new DenoiseOptions
        {
            Input = a.Positionals[0],
            Output = a.Positionals[1],
            Batch = a.Flag("batch"),
            Preset = preset,
            AttenuationLimitDb = AttenuationLimit(a, start.AttenuationLimitDb),
            PostFilter = Percent(a, "post-filter", "postfilter", start.PostFilterPercent),
            Lookahead = a.Integer("lookahead", start.Lookahead, 0, 2),
            DryWet = Percent(a, "mix", "dry-wet", start.MixPercent),
            StereoLink = OnOff(a, "stereo-link", true),
            // The preset's network is named as --model names the built-in ones; the default (Light) stays unnamed.
            ModelPath = a.Value("model") ?? (preset?.Model == PresetModel.Full ? ModelLoader.FullName
                : preset is not null ? ModelLoader.LightName : null),
            OutputEncoding = encoding,
            Json = a.Flag("json"),
            Force = a.Flag("force"),
            ShowProgress = !a.Flag("no-progress"),
            Jobs = a.Integer("jobs", Environment.ProcessorCount, 1, 1024),
        };
    }

    static bool OnOff(ParsedArguments a, string name, bool fallback) => a.Value(name) switch
    {
        null => fallback,
        "on" => true,
        "off" => false,
        var v => throw ParsedArguments.Usage($"--{name} must be on or off, got '{v}'"),
    };

    /// <summary>
    /// A percentage, the unit the plug-ins show, as the plug-in core turns it into the engine's share (P / 100); the
    /// former 0..1 option still works and gives the share it gave (scripts use it).
    /// </summary>
    static float Percent(ParsedArguments a, string name, string formerName, double fallbackPercent)
    {
        if (a.Value(formerName) is null) return (float)(a.Number(name, fallbackPercent, 0, 100, "%") / 100.0);
        if (a.Value(name) is not null)
            throw ParsedArguments.Usage($"--{formerName} is the former name of --{name}: give one of them (--{formerName} F is --{name} F x 100)");
        return a.Fraction(formerName, 1f);
    }

    /// <summary>
    /// --attenuation-limit in dB, the unit the plug-ins show; --strength 0..1, its former name and unit, still works
    /// (scripts use it) and means the same: the enhancer has always computed the floor as strength × 60 dB, so
    /// S × 60 dB gives the samples --strength S gave.
    /// </summary>
    static double AttenuationLimit(ParsedArguments a, double fallbackDb)
    {
        double max = SpeechEnhancer.MaxAttenuationDb;
        if (a.Value("strength") is null) return a.Number("attenuation-limit", fallbackDb, 0, max, "dB");
        if (a.Value("attenuation-limit") is not null)
            throw ParsedArguments.Usage("--strength is the former name of --attenuation-limit: give one of them (--strength S is --attenuation-limit S x 60)");
        return a.Fraction("strength", 1f) * max;
    }
}
