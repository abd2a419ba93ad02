namespace Ivm.Emulator.Linux;

/// <summary>Linux errno values the system-call layer returns.</summary>
public static class Errno
{
    public const long Eperm = 1, Enoent = 2, Eintr = 4, Eio = 5, Ebadf = 9, Enomem = 12, Efault = 14, Einval = 22,
        Emfile = 24, Enotty = 25, Espipe = 29, Enosys = 38, Eacces = 13, Eexist = 17, Enotdir = 20, Eisdir = 21;
}
