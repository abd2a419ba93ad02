using Microsoft.Win32.SafeHandles;

namespace Ivm.Host.Consoles;

/// <summary>
/// A guest's console output: every byte it ever wrote, addressed by offset since the guest was
/// created. The whole log is an append-only file in the data directory (so it survives an agent
/// restart and a watcher starting at 0 gets everything); the latest bytes, up to
/// <see cref="RingCapacity"/>, are also kept in memory so live watchers never touch the disk. Any
/// number of watchers read at their own pace and await <see cref="WaitAsync"/> for more.
/// </summary>
internal sealed class ConsoleLog : IDisposable
{
    public const int RingCapacity = 1 << 20;
    private const int InitialRing = 4096;

    private readonly Lock _gate = new();
    private readonly FileStream _file;
    private readonly SafeFileHandle _reader;
    private byte[] _ring = new byte[InitialRing];   // grows to RingCapacity: most guests print little
    private int _ringCount;                          // bytes held: the last _ringCount of the log
    private long _length;
    private bool _closed;
    private TaskCompletionSource? _waiter;

    public ConsoleLog(string path)
    {
        Path = path;
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        _reader = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        _length = _file.Length;
    }

    public string Path { get; }

    /// <summary>Bytes written since the guest was created.</summary>
    public long Length
    {
        get
        {
            lock (_gate)
            {
                return _length;
            }
        }
    }

    /// <summary>Appends output; wakes every waiting watcher.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        TaskCompletionSource? waiter;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _file.Write(data);
            AppendToRing(data);
            _length += data.Length;
            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult();
    }

    /// <summary>Copies log bytes from <paramref name="offset"/> into <paramref name="destination"/>;
    /// returns how many (0 when there are none yet or the log is closed).</summary>
    public int Read(long offset, Span<byte> destination)
    {
        lock (_gate)
        {
            if (_closed || offset >= _length)
            {
                return 0;
            }

            long ringStart = _length - _ringCount;
            if (offset < ringStart)
            {
                // Older than memory holds: from the file (its bytes are on disk: writes are unbuffered).
                int fromFile = (int)Math.Min(destination.Length, ringStart - offset);
                return RandomAccess.Read(_reader, destination[..fromFile], offset);
            }

            int n = (int)Math.Min(destination.Length, _length - offset);
            int at = (int)((offset - ringStart + RingHead) % _ring.Length);
            int first = Math.Min(n, _ring.Length - at);
            _ring.AsSpan(at, first).CopyTo(destination);
            _ring.AsSpan(0, n - first).CopyTo(destination[first..]);
            return n;
        }
    }

    /// <summary>Completes when the log is longer than <paramref name="offset"/> or closed.</summary>
    public Task WaitAsync(long offset, CancellationToken cancellation)
    {
        lock (_gate)
        {
            if (_closed || _length > offset)
            {
                return Task.CompletedTask;
            }

            // Continuations run on the pool, not on the vCPU worker that wrote.
            _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _waiter.Task.WaitAsync(cancellation);
        }
    }

    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    /// <summary>Closes the files; watchers see the end.</summary>
    public void Dispose()
    {
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _file.Dispose();
            _reader.Dispose();
            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult();
    }

    // Where the oldest held byte sits in _ring.
    private int RingHead => (int)((_length - _ringCount) % _ring.Length);

    private void AppendToRing(ReadOnlySpan<byte> data)
    {
        if (_ringCount + data.Length > _ring.Length && _ring.Length < RingCapacity)
        {
            Grow(_ringCount + data.Length);
        }

        // Log offset o lives at index o % _ring.Length; of a write longer than the ring only its
        // newest ring-full is kept.
        var kept = data.Length > _ring.Length ? data[^_ring.Length..] : data;
        int tail = (int)((_length + data.Length - kept.Length) % _ring.Length);
        int first = Math.Min(kept.Length, _ring.Length - tail);
        kept[..first].CopyTo(_ring.AsSpan(tail));
        kept[first..].CopyTo(_ring);
        _ringCount = Math.Min(_ring.Length, _ringCount + data.Length);
    }

    private void Grow(int needed)
    {
        int size = _ring.Length;
        while (size < needed && size < RingCapacity)
        {
            size *= 2;
        }

        // Re-lay the held bytes so that byte offset o sits at o % size, as RingHead assumes.
        var ring = new byte[size];
        long start = _length - _ringCount;
        for (long o = start; o < _length;)
        {
            int from = (int)(o % _ring.Length);
            int to = (int)(o % size);
            int run = (int)Math.Min(_length - o, Math.Min(_ring.Length - from, size - to));
            _ring.AsSpan(from, run).CopyTo(ring.AsSpan(to));
            o += run;
        }

        _ring = ring;
    }
}
