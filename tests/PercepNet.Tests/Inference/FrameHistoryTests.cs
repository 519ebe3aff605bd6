using PercepNet.Engine.Inference;

namespace PercepNet.Tests.Inference;

public class FrameHistoryTests
{
    [Fact]
    public void WindowsAreContiguousOldestFirstAcrossTheWrap()
    {
        var history = new FrameHistory(frameSize: 2, depth: 4);
        Assert.Equal([0f, 0f, 0f, 0f], history.Window(oldestAge: 3, count: 2).ToArray());
        for (int frame = 1; frame <= 11; frame++)
        {
            history.Push([frame, -frame]);
            for (int oldestAge = 0; oldestAge < 4; oldestAge++)
                for (int count = 1; count <= oldestAge + 1; count++)
                {
                    var expected = Enumerable.Range(0, count)
                        .Select(k => Math.Max(0, frame - oldestAge + k))
                        .SelectMany(f => new[] { (float)f, f == 0 ? 0f : -f }).ToArray();
                    Assert.Equal(expected, history.Window(oldestAge, count).ToArray());
                }
        }
        history.Clear();
        Assert.Equal([0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f], history.Window(3, 4).ToArray());
    }
}
