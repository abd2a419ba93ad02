using System.Security.Cryptography;
using System.Text;
using Ivm.Emulator.Cpu;
using Ivm.Emulator.Elf;
using Ivm.Emulator.Memory;

namespace Ivm.Emulator.Linux;

/// <summary>
/// Starts a static IA-64 Linux executable as the kernel's execve does: PT_LOAD segments mapped with
/// their permissions, a memory stack holding argc, argv, envp and the auxiliary vector, a register
/// backing store, the initial thread's TLS block when there is a PT_TLS segment (r13 addresses it),
/// and the registers the ABI specifies at the entry point.
/// </summary>
public static class ProcessLoader
{
    public static LinuxProcess Load(ElfFile elf, string path, IReadOnlyList<string> args, IReadOnlyList<string> environment,
        LinuxStreams streams, ulong memoryLimit = ulong.MaxValue)
    {
        Validate(elf, path);
        var memory = new GuestMemory(memoryLimit);
        ulong imageEnd = 0, phdrAddress = 0;
        foreach (var segment in elf.Segments.Where(s => s.Type == ElfSegment.TypeLoad && s.MemorySize > 0))
        {
            memory.Map(segment.VirtualAddress, segment.MemorySize, Permissions(segment));
            memory.Load(segment.VirtualAddress, elf.Contents(segment));
            imageEnd = Math.Max(imageEnd, segment.VirtualAddress + segment.MemorySize);
            if (elf.ProgramHeaderOffset >= segment.Offset && elf.ProgramHeaderOffset < segment.Offset + segment.FileSize)
            {
                phdrAddress = segment.VirtualAddress + (elf.ProgramHeaderOffset - segment.Offset);
            }
        }

        memory.Map(AddressSpaceLayout.StackTop - AddressSpaceLayout.StackSize, AddressSpaceLayout.StackSize,
            PagePermissions.Read | PagePermissions.Write);
        memory.Map(AddressSpaceLayout.BackingStoreBase, AddressSpaceLayout.BackingStoreSize,
            PagePermissions.Read | PagePermissions.Write);

        var cpu = new CpuState { Ip = elf.Entry };
        cpu.Stack.Reset(AddressSpaceLayout.BackingStoreBase);
        cpu.Ar[CpuState.ArFpsr] = AddressSpaceLayout.InitialFpsr;
        cpu.Ar[CpuState.ArRsc] = AddressSpaceLayout.InitialRsc;
        ulong argc = BuildStack(memory, elf, path, args, environment, phdrAddress);

        // The kernel leaves a 16-byte scratch area below argc (the ABI's caller scratch space).
        cpu.SetGr(12, argc - 16);
        cpu.SetGr(13, InitialThreadStorage.Create(memory, elf));
        ulong programBreak = (imageEnd + GuestMemory.PageSize - 1) & ~(ulong)(GuestMemory.PageSize - 1);
        return new LinuxProcess(memory, cpu, programBreak, streams);
    }

    private static void Validate(ElfFile elf, string path)
    {
        if (elf.Segments.Any(s => s.Type == ElfSegment.TypeInterpreter))
        {
            throw new ElfFormatException($"{path}: is a dynamically linked executable; only static executables run (link with -static)");
        }

        if (elf.FileType != ElfFile.TypeExecutable)
        {
            throw new ElfFormatException($"{path}: is not an executable (ELF type {elf.FileType}; expected ET_EXEC)");
        }

        if (!elf.Segments.Any(s => s.Type == ElfSegment.TypeLoad))
        {
            throw new ElfFormatException($"{path}: has no loadable segments");
        }
    }

    private static PagePermissions Permissions(ElfSegment segment) =>
        ((segment.Flags & ElfSegment.FlagRead) != 0 ? PagePermissions.Read : 0)
        | ((segment.Flags & ElfSegment.FlagWrite) != 0 ? PagePermissions.Write : 0)
        | ((segment.Flags & ElfSegment.FlagExecute) != 0 ? PagePermissions.Execute : 0);

    // Lays out, from the top down: the strings, 16 random bytes, then (16-byte aligned) argc, argv[],
    // NULL, envp[], NULL, auxv pairs, AT_NULL. Returns the address of argc.
    private static ulong BuildStack(GuestMemory memory, ElfFile elf, string path, IReadOnlyList<string> args,
        IReadOnlyList<string> environment, ulong phdrAddress)
    {
        ulong top = AddressSpaceLayout.StackTop;
        ulong PushString(string s)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(s + "\0");
            top -= (ulong)bytes.Length;
            memory.Load(top, bytes);
            return top;
        }

        ulong execfn = PushString(path);
        var argPointers = args.Select(PushString).ToList();
        var envPointers = environment.Select(PushString).ToList();
        top &= ~15UL;
        top -= 16;
        ulong random = top;
        memory.Load(random, RandomNumberGenerator.GetBytes(16));

        var auxv = new List<(ulong, ulong)>
        {
            (AuxiliaryVector.Phdr, phdrAddress),
            (AuxiliaryVector.Phent, 56),
            (AuxiliaryVector.Phnum, (ulong)elf.Segments.Count),
            (AuxiliaryVector.Pagesz, GuestMemory.PageSize),
            (AuxiliaryVector.Base, 0),
            (AuxiliaryVector.Flags, 0),
            (AuxiliaryVector.Entry, elf.Entry),
            (AuxiliaryVector.Uid, 0), (AuxiliaryVector.Euid, 0), (AuxiliaryVector.Gid, 0), (AuxiliaryVector.Egid, 0),
            (AuxiliaryVector.Clktck, 100),
            (AuxiliaryVector.Secure, 0),
            (AuxiliaryVector.Random, random),
            (AuxiliaryVector.Execfn, execfn),
            (AuxiliaryVector.Null, 0),
        };
        var words = new List<ulong> { (ulong)argPointers.Count };
        words.AddRange(argPointers);
        words.Add(0);
        words.AddRange(envPointers);
        words.Add(0);
        foreach (var (type, value) in auxv)
        {
            words.Add(type);
            words.Add(value);
        }

        ulong start = (top - (ulong)words.Count * 8) & ~15UL;
        for (int i = 0; i < words.Count; i++)
        {
            memory.Write64(start + (ulong)i * 8, words[i]);
        }

        return start;
    }
}
