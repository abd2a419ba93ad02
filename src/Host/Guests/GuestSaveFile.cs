using System.Text;
using Ivm.Emulator.Linux;

namespace Ivm.Host.Guests;

// Save file format, version 1, integers little-endian:
//   "IVMSAVE\u0001" (8 bytes), the guest's name (BinaryWriter string), i64 console length at the
//   suspend, i32 n + n bytes of console input the guest had not read yet,
//   the process snapshot (ProcessSnapshot.Save: execution state, then memory), "IVMSEND\0".

/// <summary>
/// A Suspended guest's whole state in one file: the program (CPU, memory, the system call it is
/// parked in — <see cref="ProcessSnapshot"/>) and what the agent holds for it outside the program
/// (console input not read yet, the console position it stopped at). Written atomically: a
/// temporary file, flushed to disk, renamed over the final name — a crash leaves no file or a whole one.
/// </summary>
internal static class GuestSaveFile
{
    private static readonly byte[] s_magic = "IVMSAVE\u0001"u8.ToArray();
    private static readonly byte[] s_endMarker = "IVMSEND\0"u8.ToArray();

    /// <summary>What a save file gives back besides the process.</summary>
    public sealed record Contents(LinuxProcess Process, long ConsoleLength, byte[] PendingInput);

    /// <summary>Writes the file; on any failure nothing is left at <paramref name="path"/> or beside it.</summary>
    /// <exception cref="IOException">The disk refused.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable.</exception>
    /// <exception cref="InvalidOperationException">The program cannot be snapshotted (it has host files open).</exception>
    public static void Write(string path, string name, long consoleLength, ReadOnlySpan<byte> pendingInput, LinuxProcess process)
    {
        string temporary = path + ".tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                using (var w = new BinaryWriter(file, Encoding.UTF8, leaveOpen: true))
                {
                    w.Write(s_magic);
                    w.Write(name);
                    w.Write(consoleLength);
                    w.Write(pendingInput.Length);
                    w.Write(pendingInput);
                }

                ProcessSnapshot.Save(process, file);
                file.Write(s_endMarker);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Reads the file back into a process whose descriptors are <paramref name="streams"/>.</summary>
    /// <exception cref="InvalidDataException">It is not a save file of guest <paramref name="name"/>, or is truncated or corrupt.</exception>
    /// <exception cref="IOException">It cannot be read (FileNotFoundException when it is gone).</exception>
    public static Contents Read(string path, string name, LinuxStreams streams)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        long consoleLength;
        byte[] pending;
        try
        {
            using (var r = new BinaryReader(file, Encoding.UTF8, leaveOpen: true))
            {
                if (!r.ReadBytes(s_magic.Length).AsSpan().SequenceEqual(s_magic))
                {
                    throw new InvalidDataException("not an Ivm guest save file of version 1 (bad magic or version)");
                }

                string saved = r.ReadString();
                if (saved != name)
                {
                    throw new InvalidDataException($"it holds guest '{saved}', not '{name}'");
                }

                consoleLength = r.ReadInt64();
                int count = r.ReadInt32();
                if (count is < 0 or > Consoles.ConsoleInput.Capacity)
                {
                    throw new InvalidDataException($"its pending console input of {count} bytes is outside 0-{Consoles.ConsoleInput.Capacity}");
                }

                pending = r.ReadBytes(count);
                if (pending.Length != count || consoleLength < 0)
                {
                    throw new EndOfStreamException();
                }
            }

            var process = ProcessSnapshot.Restore(file, streams);
            Span<byte> end = stackalloc byte[8];
            file.ReadExactly(end);
            if (!end.SequenceEqual(s_endMarker) || file.Position != file.Length)
            {
                throw new InvalidDataException("it does not end where its contents do");
            }

            return new Contents(process, consoleLength, pending);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("it is truncated");
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing useful to do: a leftover temporary is overwritten by the next suspend.
        }
    }
}
