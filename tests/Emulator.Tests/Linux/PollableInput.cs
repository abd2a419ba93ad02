using Ivm.Emulator.Linux;
using Xunit;

namespace Ivm.Emulator.Tests.Linux;

/// <summary>Standard input fed by the test: a read would block while nothing is buffered and the input is not ended.</summary>
internal sealed class PollableInput : Stream, IPollableInput
{
    private readonly Queue<byte> _bytes = new();
    private bool _ended;

    public bool ReadWouldBlock => _bytes.Count == 0 && !_ended;

    public void Add(ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            _bytes.Enqueue(b);
        }
    }

    public void End() => _ended = true;

    public override int Read(byte[] buffer, int offset, int count)
    {
        Assert.False(ReadWouldBlock, "the process read an input that would block");
        int n = 0;
        while (n < count && _bytes.TryDequeue(out byte b))
        {
            buffer[offset + n++] = b;
        }

        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
