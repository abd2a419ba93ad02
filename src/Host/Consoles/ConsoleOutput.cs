namespace Ivm.Host.Consoles;

/// <summary>The guest's standard output and error: a write-only stream into its <see cref="ConsoleLog"/>.</summary>
internal sealed class ConsoleOutput(ConsoleLog log) : Stream
{
    public override void Write(ReadOnlySpan<byte> buffer) => log.Write(buffer);

    public override void Write(byte[] buffer, int offset, int count) => log.Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
