using Ivm.Emulator.Linux;

namespace Ivm.Host.Consoles;

/// <summary>
/// The guest's standard input: bytes sent with SendConsoleInput, queued up to
/// <see cref="Capacity"/>, read by the guest without ever blocking its worker (the emulator parks a
/// read while <see cref="ReadWouldBlock"/>). <see cref="End"/> is end of input, as a closed pipe.
/// </summary>
internal sealed class ConsoleInput : Stream, IPollableInput
{
    public const int Capacity = 64 * 1024;

    private readonly Lock _gate = new();
    private readonly byte[] _buffer = new byte[Capacity];
    private int _head, _count;
    private bool _ended;

    public bool ReadWouldBlock
    {
        get
        {
            lock (_gate)
            {
                return _count == 0 && !_ended;
            }
        }
    }

    /// <summary>Queues bytes; false (nothing queued) when they do not fit or input has ended.</summary>
    public bool TryAdd(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            if (_ended || data.Length > Capacity - _count)
            {
                return false;
            }

            int tail = (_head + _count) % Capacity;
            int first = Math.Min(data.Length, Capacity - tail);
            data[..first].CopyTo(_buffer.AsSpan(tail));
            data[first..].CopyTo(_buffer);
            _count += data.Length;
            return true;
        }
    }

    public void End()
    {
        lock (_gate)
        {
            _ended = true;
        }
    }

    // Never blocks: the parked read only resumes when ReadWouldBlock is false. Returns 0 at the end.
    public override int Read(Span<byte> buffer)
    {
        lock (_gate)
        {
            int n = Math.Min(buffer.Length, _count);
            int first = Math.Min(n, Capacity - _head);
            _buffer.AsSpan(_head, first).CopyTo(buffer);
            _buffer.AsSpan(0, n - first).CopyTo(buffer[first..]);
            _head = (_head + n) % Capacity;
            _count -= n;
            return n;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
