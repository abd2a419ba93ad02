using System.Diagnostics;
using System.Security.Cryptography;
using Ivm.Emulator.Cpu;
using Ivm.Emulator.Execution;
using Ivm.Emulator.Memory;

namespace Ivm.Emulator.Linux;

/// <summary>
/// The Linux/ia64 system-call personality. A program enters with <c>break 0x100000</c>, the number
/// (table entry + 1024) in r15 and the arguments in its frame's output registers — the kernel's entry
/// path br.calls the handler, so they become the handler's inputs. The result comes back in r8 with
/// r10 = 0, or the errno in r8 with r10 = -1. Unknown calls return ENOSYS with one warning line.
/// </summary>
internal sealed partial class LinuxSystemCalls(LinuxProcess process, LinuxStreams streams) : ISystemCallHandler
{
    private readonly HashSet<long> _warned = [];
    private readonly Stopwatch _monotonic = Stopwatch.StartNew();

    public void Call(Vcpu vcpu)
    {
        var cpu = vcpu.Cpu;
        long number = (long)cpu.GetGr(15);
        long result = number switch
        {
            1025 or 1236 => Exit(vcpu),
            1026 => Read(vcpu, Arg(cpu, 0), Arg(cpu, 1), Arg(cpu, 2)),
            1027 => Write(vcpu, Arg(cpu, 0), Arg(cpu, 1), Arg(cpu, 2)),
            1028 => Open(vcpu, AtCurrentDirectory, Arg(cpu, 0), Arg(cpu, 1), Arg(cpu, 2)),
            1281 => Open(vcpu, (long)Arg(cpu, 0), Arg(cpu, 1), Arg(cpu, 2), Arg(cpu, 3)),
            1029 => CloseFile(Arg(cpu, 0)),
            1040 => Seek(Arg(cpu, 0), (long)Arg(cpu, 1), Arg(cpu, 2)),
            1212 => Stat(vcpu, Arg(cpu, 0), 0, Arg(cpu, 1), byPath: false),
            1210 => Stat(vcpu, 0, Arg(cpu, 0), Arg(cpu, 1), byPath: true),
            1286 => (long)Arg(cpu, 0) == AtCurrentDirectory || Arg(cpu, 1) != 0
                ? Stat(vcpu, 0, Arg(cpu, 1), Arg(cpu, 2), byPath: true)
                : Stat(vcpu, Arg(cpu, 0), 0, Arg(cpu, 2), byPath: false),
            1041 => 1,                                         // getpid: the only process
            1105 => 1,                                         // gettid
            1060 => Brk(vcpu, Arg(cpu, 0)),
            1065 => Ioctl(vcpu, Arg(cpu, 0), Arg(cpu, 1), Arg(cpu, 2)),
            1087 => GetTimeOfDay(vcpu, Arg(cpu, 0)),
            1130 => Uname(vcpu, Arg(cpu, 0)),
            1147 => WriteVector(vcpu, Arg(cpu, 0), Arg(cpu, 1), Arg(cpu, 2)),
            1151 => Mmap(vcpu, Arg(cpu, 0), Arg(cpu, 1), Arg(cpu, 2), Arg(cpu, 3), Arg(cpu, 4)),
            1152 => Munmap(vcpu, Arg(cpu, 0), Arg(cpu, 1)),
            1155 => Mprotect(vcpu, Arg(cpu, 0), Arg(cpu, 1), Arg(cpu, 2)),
            1168 => Sleep(vcpu, Arg(cpu, 0)),
            1177 or 1179 => 0,                                 // rt_sigaction, rt_sigprocmask: accepted
            1233 => 1,                                         // set_tid_address: returns the tid
            1254 => ClockGetTime(vcpu, Arg(cpu, 0), Arg(cpu, 1)),
            1256 => Sleep(vcpu, Arg(cpu, 2)),                  // clock_nanosleep (relative)
            1339 => GetRandom(vcpu, Arg(cpu, 0), Arg(cpu, 1)),
            _ => Unknown(number),
        };

        if (process.ExitStatus is not null || result == Parked)
        {
            return;
        }

        SetResult(cpu, result);
    }

    // Argument k is the k-th output register of the frame that executed the break.
    private static ulong Arg(CpuState cpu, int k)
    {
        int r = 32 + cpu.Cfm.Locals + k;
        return r < 32 + cpu.Cfm.Size ? cpu.GetGr(r) : 0;
    }

    private long Exit(Vcpu vcpu)
    {
        process.ExitStatus = (int)(Arg(vcpu.Cpu, 0) & 0xff);
        streams.Output.Flush();
        streams.Error.Flush();
        vcpu.RequestStop();
        return 0;
    }

    private long Unknown(long number)
    {
        if (_warned.Add(number))
        {
            streams.Warnings.WriteLine($"hpvm run: warning: system call {number} ({number - 1024} in the ia64 table) is not supported; returning ENOSYS");
        }

        return -Errno.Enosys;
    }

    private Stream? Stream(ulong fd) => fd switch
    {
        0 => streams.Input,
        1 => streams.Output,
        2 => streams.Error,
        _ => null,
    };

    private long Write(Vcpu vcpu, ulong fd, ulong buffer, ulong count)
    {
        if (_files.TryGetValue(fd, out var file))
        {
            return WriteFile(vcpu, file, buffer, count);
        }

        if (fd is not (1 or 2) || Stream(fd) is not { } stream)
        {
            return -Errno.Ebadf;
        }

        byte[] data = new byte[(int)Math.Min(count, 1 << 20)];
        if (!TryRead(vcpu.Memory, buffer, data))
        {
            return -Errno.Efault;
        }

        stream.Write(data);
        stream.Flush();
        return data.Length;
    }

    private long WriteVector(Vcpu vcpu, ulong fd, ulong vector, ulong count)
    {
        long total = 0;
        for (ulong k = 0; k < count; k++)
        {
            ulong entry = vector + k * 16;
            if (!TryRead64(vcpu.Memory, entry, out ulong baseAddress) || !TryRead64(vcpu.Memory, entry + 8, out ulong length))
            {
                return -Errno.Efault;
            }

            long written = Write(vcpu, fd, baseAddress, length);
            if (written < 0)
            {
                return total > 0 ? total : written;
            }

            total += written;
        }

        return total;
    }

    private long Read(Vcpu vcpu, ulong fd, ulong buffer, ulong count)
    {
        if (_files.TryGetValue(fd, out var file))
        {
            return ReadFile(vcpu, file, buffer, count);
        }

        if (fd != 0)
        {
            return -Errno.Ebadf;
        }

        if (process.ParksOnBlockingCalls && count > 0 && InputWouldBlock)
        {
            return ParkForInput(vcpu, buffer, count);
        }

        byte[] data = new byte[(int)Math.Min(count, 1 << 20)];
        int n = streams.Input.Read(data);
        return TryWrite(vcpu, buffer, data.AsSpan(0, n)) ? n : -Errno.Efault;
    }

    private static bool TryRead(GuestMemory memory, ulong address, Span<byte> destination)
    {
        try
        {
            memory.Read(address, destination);
            return true;
        }
        catch (MemoryFaultException)
        {
            return false;
        }
    }

    private static bool TryRead64(GuestMemory memory, ulong address, out ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        bool ok = TryRead(memory, address, bytes);
        value = BitConverter.ToUInt64(bytes);
        return ok;
    }

    // The kernel's stores into the program's memory are stores like any other: they remove the
    // ALAT entries of advanced loads from the bytes they overwrite.
    private static bool TryWrite(Vcpu vcpu, ulong address, ReadOnlySpan<byte> source)
    {
        try
        {
            vcpu.Memory.Write(address, source);
            vcpu.NoteStore(address, source.Length);
            return true;
        }
        catch (MemoryFaultException)
        {
            return false;
        }
    }

    private long GetRandom(Vcpu vcpu, ulong buffer, ulong count)
    {
        byte[] data = RandomNumberGenerator.GetBytes((int)Math.Min(count, 1 << 16));
        return TryWrite(vcpu, buffer, data) ? data.Length : -Errno.Efault;
    }
}
