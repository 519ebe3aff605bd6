using PercepNet.Engine.Processing;

namespace PercepNet.Tests.Processing;

public class SampleFifoTests
{
    [Fact]
    public void Samples_come_out_in_order_across_wraparound_and_overflow_is_refused()
    {
        var fifo = new SampleFifo(7);
        var random = new Random(1);
        float next = 0, expected = 0;
        var buffer = new float[10];
        for (int step = 0; step < 1000; step++)
        {
            int write = random.Next(0, 10);
            for (int i = 0; i < write; i++) buffer[i] = next + i;
            int taken = fifo.Write(buffer.AsSpan(0, write));
            Assert.Equal(Math.Min(write, 7 - (fifo.Count - taken)), taken);
            next += taken;

            int got = fifo.Read(buffer.AsSpan(0, random.Next(0, 10)));
            for (int i = 0; i < got; i++) Assert.Equal(expected++, buffer[i]);
        }
    }
}
