namespace Ivm.Emulator.Linux;

/// <summary>The auxiliary-vector entry types a static program's start-up code reads.</summary>
public static class AuxiliaryVector
{
    public const ulong Null = 0, Phdr = 3, Phent = 4, Phnum = 5, Pagesz = 6, Base = 7, Flags = 8, Entry = 9,
        Uid = 11, Euid = 12, Gid = 13, Egid = 14, Clktck = 17, Secure = 23, Random = 25, Execfn = 31;
}
