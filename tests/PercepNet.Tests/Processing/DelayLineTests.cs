using PercepNet.Engine.Processing;

namespace PercepNet.Tests.Processing;

public class DelayLineTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    public void Output_is_the_input_delayed_by_exactly_Delay_in_any_block_size(int delay)
    {
        var line = new DelayLine(100) { Delay = delay };
        var input = Enumerable.Range(1, 1000).Select(i => (float)i).ToArray();
        var output = new float[input.Length];
        for (int done = 0, block = 1; done < input.Length; done += block, block = block % 37 + 1)
        {
            int n = Math.Min(block, input.Length - done);
            line.Process(input.AsSpan(done, n), output.AsSpan(done, n));
        }
        for (int i = 0; i < output.Length; i++) Assert.Equal(i >= delay ? input[i - delay] : 0f, output[i]);
    }
}
