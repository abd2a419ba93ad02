using System.Text;
using Ivm.Emulator.Execution;

namespace Ivm.Emulator.Linux;

/// <summary>Clocks, sleeping and uname. A sleeping program blocks its host thread, using no CPU (or parks,
/// in <see cref="LinuxProcess.ParksOnBlockingCalls"/> mode).</summary>
internal sealed partial class LinuxSystemCalls
{
    private const ulong ClockRealtime = 0, ClockMonotonic = 1;

    private long ClockGetTime(Vcpu vcpu, ulong clock, ulong timespec)
    {
        long nanoseconds;
        if (clock == ClockRealtime)
        {
            nanoseconds = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        }
        else if (clock == ClockMonotonic || clock is 4 or 7)   // MONOTONIC_RAW, BOOTTIME
        {
            nanoseconds = MonotonicNanoseconds;
        }
        else
        {
            return -Errno.Einval;
        }

        return WritePair(vcpu, timespec, nanoseconds / 1_000_000_000, nanoseconds % 1_000_000_000) ? 0 : -Errno.Efault;
    }

    private long GetTimeOfDay(Vcpu vcpu, ulong timeval)
    {
        if (timeval == 0)
        {
            return 0;
        }

        long microseconds = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10;
        return WritePair(vcpu, timeval, microseconds / 1_000_000, microseconds % 1_000_000) ? 0 : -Errno.Efault;
    }

    private long Sleep(Vcpu vcpu, ulong request)
    {
        if (!TryRead64(vcpu.Memory, request, out ulong seconds) || !TryRead64(vcpu.Memory, request + 8, out ulong nanoseconds))
        {
            return -Errno.Efault;
        }

        if (nanoseconds >= 1_000_000_000 || (long)seconds < 0)
        {
            return -Errno.Einval;
        }

        if (process.ParksOnBlockingCalls)
        {
            return ParkUntil(vcpu, seconds, nanoseconds);
        }

        Thread.Sleep(TimeSpan.FromSeconds(seconds) + TimeSpan.FromTicks((long)nanoseconds / 100));
        return 0;
    }

    // struct utsname: six 65-byte fields.
    private long Uname(Vcpu vcpu, ulong buffer)
    {
        string[] fields = ["Linux", "ivm", "6.6.0-ivm", "#1 SMP Ivm", "ia64", "(none)"];
        var bytes = new byte[6 * 65];
        for (int i = 0; i < fields.Length; i++)
        {
            Encoding.ASCII.GetBytes(fields[i]).CopyTo(bytes, i * 65);
        }

        return TryWrite(vcpu, buffer, bytes) ? 0 : -Errno.Efault;
    }

    private static bool WritePair(Vcpu vcpu, ulong address, long first, long second)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, first);
        BitConverter.TryWriteBytes(bytes[8..], second);
        return TryWrite(vcpu, address, bytes);
    }
}
