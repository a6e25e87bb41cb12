using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace LossGen.Benchmarks;

/// <summary>
/// The CPU time of the measuring thread (Linux CLOCK_THREAD_CPUTIME_ID) as BenchmarkDotNet's clock, chosen with
/// <c>--thread-cpu-clock</c> (with <c>--inProcess</c>: a custom clock cannot be handed to a child process). On a
/// machine shared with other jobs, wall-clock time counts the time slices other processes take; thread CPU time
/// counts only this thread's own, so one-thread figures stay near what an idle core gives (cache pollution by the
/// other processes remains). Meaningless for multi-threaded cases: the helper threads' work is not counted.
/// </summary>
public sealed class ThreadCpuClock : IClock
{
    private const int ClockThreadCpuTimeId = 3;

    public string Title => "Thread CPU time";
    public bool IsAvailable => OperatingSystem.IsLinux();
    public Frequency Frequency => new(1_000_000_000);

    public long GetTimestamp()
    {
        if (clock_gettime(ClockThreadCpuTimeId, out TimeSpec now) != 0) throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed.");
        return now.Seconds * 1_000_000_000 + now.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
}
