using System.Text;
using Ivm.Emulator.Execution;
using Ivm.Emulator.Memory;

namespace Ivm.Emulator.Linux;

/// <summary>
/// Files: open/openat, read, write, lseek, close, fstat/newfstatat on host files. The emulator opens
/// them as the user running hpvm, so a program reaches exactly what that user could open anyway.
/// </summary>
internal sealed partial class LinuxSystemCalls
{
    private const ulong OpenWriteOnly = 1, OpenReadWrite = 2, OpenCreate = 0x40, OpenExclusive = 0x80, OpenTruncate = 0x200,
        OpenAppend = 0x400, OpenDirectory = 0x10000;
    private const long AtCurrentDirectory = -100;
    private const int FirstFileDescriptor = 3;

    private readonly Dictionary<ulong, FileStream> _files = [];

    private long Open(Vcpu vcpu, long directory, ulong pathAddress, ulong flags, ulong mode)
    {
        if (ReadString(vcpu.Memory, pathAddress) is not { } path)
        {
            return -Errno.Efault;
        }

        if (directory != AtCurrentDirectory && !Path.IsPathRooted(path))
        {
            return -Errno.Enosys;   // directory descriptors come later; absolute and cwd-relative paths work
        }

        if ((flags & OpenDirectory) != 0 || Directory.Exists(path))
        {
            return Directory.Exists(path) ? -Errno.Eisdir : -Errno.Enotdir;
        }

        var access = (flags & 3) switch
        {
            OpenWriteOnly => FileAccess.Write,
            OpenReadWrite => FileAccess.ReadWrite,
            _ => FileAccess.Read,
        };
        var fileMode = (flags & OpenCreate) != 0
            ? ((flags & OpenExclusive) != 0 ? FileMode.CreateNew : (flags & OpenTruncate) != 0 ? FileMode.Create : FileMode.OpenOrCreate)
            : (flags & OpenTruncate) != 0 && access != FileAccess.Read ? FileMode.Truncate : FileMode.Open;
        try
        {
            var options = new FileStreamOptions { Mode = fileMode, Access = access, Share = FileShare.ReadWrite | FileShare.Delete };
            if ((flags & OpenCreate) != 0 && !OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = (UnixFileMode)(mode & 0x1ff);
            }

            var stream = new FileStream(path, options);
            if ((flags & OpenAppend) != 0)
            {
                stream.Seek(0, SeekOrigin.End);
            }

            ulong fd = FirstFileDescriptor;
            while (_files.ContainsKey(fd))
            {
                fd++;
            }

            _files[fd] = stream;
            return (long)fd;
        }
        catch (FileNotFoundException)
        {
            return -Errno.Enoent;
        }
        catch (DirectoryNotFoundException)
        {
            return -Errno.Enoent;
        }
        catch (UnauthorizedAccessException)
        {
            return -Errno.Eacces;
        }
        catch (IOException) when (File.Exists(path) && fileMode == FileMode.CreateNew)
        {
            return -Errno.Eexist;
        }
        catch (IOException)
        {
            return -Errno.Eio;
        }
    }

    private long ReadFile(Vcpu vcpu, FileStream file, ulong buffer, ulong count)
    {
        if (!file.CanRead)
        {
            return -Errno.Ebadf;
        }

        byte[] data = new byte[(int)Math.Min(count, 1 << 20)];
        int n = file.Read(data);
        return TryWrite(vcpu, buffer, data.AsSpan(0, n)) ? n : -Errno.Efault;
    }

    private static long WriteFile(Vcpu vcpu, FileStream file, ulong buffer, ulong count)
    {
        if (!file.CanWrite)
        {
            return -Errno.Ebadf;
        }

        byte[] data = new byte[(int)Math.Min(count, 1 << 20)];
        if (!TryRead(vcpu.Memory, buffer, data))
        {
            return -Errno.Efault;
        }

        file.Write(data);
        return data.Length;
    }

    private long Seek(ulong fd, long offset, ulong whence)
    {
        if (!_files.TryGetValue(fd, out var file))
        {
            return fd <= 2 ? -Errno.Espipe : -Errno.Ebadf;
        }

        var origin = whence switch { 0 => SeekOrigin.Begin, 1 => SeekOrigin.Current, 2 => SeekOrigin.End, _ => (SeekOrigin)(-1) };
        if ((int)origin < 0)
        {
            return -Errno.Einval;
        }

        try
        {
            return file.Seek(offset, origin);
        }
        catch (IOException)
        {
            return -Errno.Einval;
        }
    }

    private long CloseFile(ulong fd)
    {
        if (_files.Remove(fd, out var file))
        {
            file.Dispose();
            return 0;
        }

        return fd <= 2 ? 0 : -Errno.Ebadf;
    }

    // struct stat as Linux/ia64 lays it out (144 bytes): dev, ino, nlink, mode, uid, gid, pad, rdev,
    // size, atime, atime_nsec, mtime, mtime_nsec, ctime, ctime_nsec, blksize, blocks, 3 unused.
    private long Stat(Vcpu vcpu, ulong fd, ulong pathAddress, ulong buffer, bool byPath)
    {
        const uint RegularFile = 0x8000, CharacterDevice = 0x2000, DirectoryType = 0x4000;
        uint mode;
        long size = 0;
        DateTime modified = DateTime.UnixEpoch;
        if (byPath)
        {
            if (ReadString(vcpu.Memory, pathAddress) is not { } path)
            {
                return -Errno.Efault;
            }

            if (Directory.Exists(path))
            {
                mode = DirectoryType | (OperatingSystem.IsWindows() ? 0x1ed : (uint)File.GetUnixFileMode(path));
                modified = Directory.GetLastWriteTimeUtc(path);
            }
            else if (File.Exists(path))
            {
                var info = new FileInfo(path);
                mode = RegularFile | (uint)info.UnixFileMode;
                size = info.Length;
                modified = info.LastWriteTimeUtc;
            }
            else
            {
                return -Errno.Enoent;
            }
        }
        else if (_files.TryGetValue(fd, out var file))
        {
            mode = RegularFile | (OperatingSystem.IsWindows() ? 0x1a4 : (uint)File.GetUnixFileMode(file.SafeFileHandle));
            size = file.Length;
            modified = File.GetLastWriteTimeUtc(file.SafeFileHandle);
        }
        else if (fd <= 2)
        {
            mode = CharacterDevice | 0x1b6;   // crw-rw-rw-, as a pipe or terminal looks to the program
        }
        else
        {
            return -Errno.Ebadf;
        }

        var stat = new byte[144];
        long seconds = (long)(modified - DateTime.UnixEpoch).TotalSeconds;
        BitConverter.TryWriteBytes(stat.AsSpan(16), 1UL);              // st_nlink
        BitConverter.TryWriteBytes(stat.AsSpan(24), mode);             // st_mode
        BitConverter.TryWriteBytes(stat.AsSpan(48), size);             // st_size
        foreach (int at in (int[])[56, 72, 88])
        {
            BitConverter.TryWriteBytes(stat.AsSpan(at), seconds);      // st_atime, st_mtime, st_ctime
        }

        BitConverter.TryWriteBytes(stat.AsSpan(104), 4096L);           // st_blksize
        BitConverter.TryWriteBytes(stat.AsSpan(112), (size + 511) / 512); // st_blocks
        return TryWrite(vcpu, buffer, stat) ? 0 : -Errno.Efault;
    }

    private static string? ReadString(GuestMemory memory, ulong address)
    {
        var bytes = new List<byte>();
        try
        {
            for (int n = 0; n < 4096; n++)
            {
                byte b = memory.Read8(address + (ulong)n);
                if (b == 0)
                {
                    return Encoding.UTF8.GetString(bytes.ToArray());
                }

                bytes.Add(b);
            }
        }
        catch (MemoryFaultException)
        {
        }

        return null;
    }
}
