using System.Runtime.InteropServices;

namespace PercepNet.HostTest.Native;

/// CPU time consumed by the calling thread (clock_gettime(CLOCK_THREAD_CPUTIME_ID)): the cost
/// of work on this thread, unaffected by other processes competing for the cores.
public static unsafe class ThreadCpuClock
{
    const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    static extern int ClockGetTime(int clock, TimeSpec* time);

    public static TimeSpan Now
    {
        get
        {
            TimeSpec t;
            if (ClockGetTime(ClockThreadCpuTimeId, &t) != 0) throw new InvalidOperationException("clock_gettime failed");
            return TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100);
        }
    }
}
