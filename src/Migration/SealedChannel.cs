using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Ivm.Migration;

/// <summary>
/// One direction of one stream of a migration, sealed with AES-256-GCM. The nonce is the direction,
/// the stream number and a sequence counter, so no (key, nonce) pair repeats; the authenticated
/// data is the migration id, the stream, the sequence and the frame kind. The receiver accepts only
/// exactly the next sequence number, so a tampered, replayed, reordered or dropped frame fails to
/// open, and since the last frames are acknowledged, a cut-off stream is noticed too.
/// </summary>
public sealed class SealedChannel : IDisposable
{
    public const int TagBytes = 16;
    private const int NonceBytes = 12;

    private readonly AesGcm? _aes;
    private readonly byte _direction;
    private readonly uint _stream;
    private readonly byte[] _migrationId;
    private readonly byte[] _associated;
    private ulong _sequence;

    /// <param name="direction">0 source to target, 1 target to source.</param>
    /// <param name="encrypt">False only when both agents run with --migration-encryption off: frames
    /// then travel in clear with an empty tag, checked for their sequence alone.</param>
    public SealedChannel(ReadOnlySpan<byte> key, string migrationId, byte direction, uint stream, bool encrypt = true)
    {
        if (key.Length != MigrationKeys.KeyBytes)
        {
            throw new ArgumentException($"a sealing key has {MigrationKeys.KeyBytes} bytes, not {key.Length}", nameof(key));
        }

        _aes = encrypt ? new AesGcm(key, TagBytes) : null;
        _direction = direction;
        _stream = stream;
        _migrationId = Encoding.UTF8.GetBytes(migrationId);
        _associated = new byte[_migrationId.Length + 4 + 8 + 4];
        _migrationId.CopyTo(_associated, 0);
    }

    /// <summary>The sequence number the next frame sealed or opened gets (frames so far).</summary>
    public ulong Sequence => _sequence;

    /// <summary>
    /// Seals <paramref name="plaintext"/> into <paramref name="destination"/> (plaintext length plus
    /// <see cref="TagBytes"/>) and returns its sequence number.
    /// </summary>
    public ulong Seal(FrameKind kind, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        ulong sequence = _sequence++;
        if (_aes is null)
        {
            plaintext.CopyTo(destination);
            destination.Slice(plaintext.Length, TagBytes).Clear();
            return sequence;
        }

        Span<byte> nonce = stackalloc byte[NonceBytes];
        Fill(nonce, sequence, kind);
        _aes.Encrypt(nonce, plaintext, destination[..plaintext.Length], destination.Slice(plaintext.Length, TagBytes), _associated);
        return sequence;
    }

    /// <summary>
    /// Opens a frame into <paramref name="destination"/> (payload length minus <see cref="TagBytes"/>).
    /// Throws <see cref="MigrationFailure"/> when the sequence is not the next one or the frame does
    /// not authenticate (tampered, replayed as another kind or position, or sealed with another key).
    /// </summary>
    public void Open(MigrationStage stage, FrameKind kind, ulong sequence, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        if (sequence != _sequence)
        {
            throw new MigrationFailure(stage, sequence < _sequence
                ? $"frame {sequence} arrived again after frame {_sequence - 1} (replayed or reordered); migration traffic was tampered with"
                : $"frame {sequence} arrived where frame {_sequence} was due (frames missing or reordered); migration traffic was tampered with");
        }

        if (payload.Length < TagBytes)
        {
            throw new MigrationFailure(stage, $"frame {sequence} is {payload.Length} bytes, shorter than its authentication tag; migration traffic was tampered with");
        }

        int length = payload.Length - TagBytes;
        if (_aes is null)
        {
            payload[..length].CopyTo(destination);
            _sequence++;
            return;
        }

        Span<byte> nonce = stackalloc byte[NonceBytes];
        Fill(nonce, sequence, kind);
        try
        {
            _aes.Decrypt(nonce, payload[..length], payload[length..], destination[..length], _associated);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new MigrationFailure(stage, $"frame {sequence} ({kind}) failed authentication; migration traffic was tampered with");
        }

        _sequence++;
    }

    public void Dispose() => _aes?.Dispose();

    private void Fill(Span<byte> nonce, ulong sequence, FrameKind kind)
    {
        nonce[0] = _direction;
        nonce[1] = (byte)(_stream >> 16);
        nonce[2] = (byte)(_stream >> 8);
        nonce[3] = (byte)_stream;
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], sequence);
        var tail = _associated.AsSpan(_migrationId.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(tail, _stream);
        BinaryPrimitives.WriteUInt64LittleEndian(tail[4..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(tail[12..], (uint)kind);
    }
}
