using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Ivm.Emulator.Execution.Translation;

/// <summary>
/// The thread that translates hot blocks while vCPUs keep interpreting, shared by every guest in
/// the process. It is not the thread pool on purpose: a guest that starts or arrives by migration
/// asks for hundreds of blocks at once, and their JIT work queued on the pool held the host's gRPC
/// and socket continuations behind it (a migration's Running acknowledgement sat 20–60 ms in the
/// queue on a two-core host). On Linux it also runs at nice +5, so vCPUs and I/O win a contested
/// core; a block waiting for it simply stays interpreted, with the same semantics.
/// </summary>
internal static class CompilerThread
{
    public const string Name = "ia64 compiler";
    public const int Nice = 5;

    private static readonly BlockingCollection<(PageCode Page, int First)> s_queue = new(new ConcurrentQueue<(PageCode, int)>());

    // Started with the first block asked for.
    static CompilerThread() => new Thread(Run) { IsBackground = true, Name = Name, Priority = ThreadPriority.BelowNormal }.Start();

    public static void Enqueue(PageCode page, int first) => s_queue.Add((page, first));

    private static void Run()
    {
        if (OperatingSystem.IsLinux())
        {
            // Thread.Priority is not applied on Linux; a thread's nice value is its own (it is a task).
            _ = setpriority(0, gettid(), Nice);
        }

        foreach (var (page, first) in s_queue.GetConsumingEnumerable())
        {
            BlockCompiler.CompileAndPublish(page, first);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, int who, int priority);

    [DllImport("libc")]
    private static extern int gettid();
}
