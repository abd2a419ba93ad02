using System.Buffers.Binary;
using Ivm.Emulator.Execution;

namespace Ivm.Emulator.Linux;

// ioctl: the terminal requests a C library makes at start-up. A descriptor that is a terminal on
// the host answers TCGETS with a cooked-mode termios and TIOCGWINSZ with the terminal's size; any
// other descriptor (files, pipes) answers ENOTTY, as Linux does.
internal sealed partial class LinuxSystemCalls
{
    private const ulong Tcgets = 0x5401, TiocGetWindowSize = 0x5413;

    // struct termios of Linux/ia64's TCGETS (36 bytes): iflag ICRNL|IXON, oflag OPOST|ONLCR,
    // cflag B38400|CS8|CREAD, lflag ISIG|ICANON|ECHO|ECHOE|ECHOK|ECHOCTL|ECHOKE|IEXTEN, line 0,
    // then c_cc: INTR ^C, QUIT ^\, ERASE DEL, KILL ^U, EOF ^D, TIME 0, MIN 1, SWTC 0, START ^Q,
    // STOP ^S, SUSP ^Z, EOL 0, REPRINT ^R, DISCARD ^O, WERASE ^W, LNEXT ^V, EOL2 0.
    private static readonly byte[] s_cookedTermios = BuildTermios();

    private long Ioctl(Vcpu vcpu, ulong fd, ulong request, ulong argument)
    {
        bool terminal = fd <= 2 && (streams.TerminalDescriptors & (1 << (int)fd)) != 0;
        if (!terminal)
        {
            return fd <= 2 || _files.ContainsKey(fd) ? -Errno.Enotty : -Errno.Ebadf;
        }

        switch (request)
        {
            case Tcgets:
                return TryWrite(vcpu, argument, s_cookedTermios) ? 0 : -Errno.Efault;
            case TiocGetWindowSize:
                Span<byte> size = stackalloc byte[8];
                BinaryPrimitives.WriteUInt16LittleEndian(size, (ushort)streams.TerminalSize.Rows);
                BinaryPrimitives.WriteUInt16LittleEndian(size[2..], (ushort)streams.TerminalSize.Columns);
                return TryWrite(vcpu, argument, size) ? 0 : -Errno.Efault;
            default:
                // Requests that would change the host terminal (TCSETS …) are not carried out.
                return -Errno.Enotty;
        }
    }

    private static byte[] BuildTermios()
    {
        var termios = new byte[36];
        BinaryPrimitives.WriteUInt32LittleEndian(termios, 0x0500);
        BinaryPrimitives.WriteUInt32LittleEndian(termios.AsSpan(4), 0x0005);
        BinaryPrimitives.WriteUInt32LittleEndian(termios.AsSpan(8), 0x00bf);
        BinaryPrimitives.WriteUInt32LittleEndian(termios.AsSpan(12), 0x8a3b);
        byte[] controlCharacters = [3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0x0f, 0x17, 0x16, 0];
        controlCharacters.CopyTo(termios, 17);
        return termios;
    }
}
