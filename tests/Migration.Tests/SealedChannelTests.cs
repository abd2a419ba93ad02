using System.Security.Cryptography;

namespace Ivm.Migration.Tests;

/// <summary>The sealed channel and the key agreement: everything the receiver accepts was sent by
/// the holder of the key, once, in order.</summary>
public sealed class SealedChannelTests
{
    private const string Id = "migration-1";

    private static (SealedChannel Send, SealedChannel Receive) Pair(byte[]? receiveKey = null)
    {
        byte[] key = RandomNumberGenerator.GetBytes(32);
        return (new SealedChannel(key, Id, 0, 0), new SealedChannel(receiveKey ?? key, Id, 0, 0));
    }

    private static (ulong Sequence, byte[] Payload) Seal(SealedChannel channel, FrameKind kind, byte[] plain)
    {
        var payload = new byte[plain.Length + SealedChannel.TagBytes];
        ulong sequence = channel.Seal(kind, plain, payload);
        return (sequence, payload);
    }

    private static byte[] Open(SealedChannel channel, FrameKind kind, (ulong Sequence, byte[] Payload) frame)
    {
        var plain = new byte[Math.Max(0, frame.Payload.Length - SealedChannel.TagBytes)];
        channel.Open(MigrationStage.Copy, kind, frame.Sequence, frame.Payload, plain);
        return plain;
    }

    [Fact]
    public void Without_encryption_frames_carry_their_plaintext_and_still_only_in_order()
    {
        byte[] key = RandomNumberGenerator.GetBytes(32);
        using var seal = new SealedChannel(key, "clear", 0, 0, encrypt: false);
        using var open = new SealedChannel(key, "clear", 0, 0, encrypt: false);
        byte[] plain = "page contents in clear"u8.ToArray();
        var first = new byte[plain.Length + SealedChannel.TagBytes];
        var second = new byte[plain.Length + SealedChannel.TagBytes];
        ulong one = seal.Seal(FrameKind.Pages, plain, first);
        ulong two = seal.Seal(FrameKind.Pages, plain, second);
        Assert.Equal(plain, first.AsSpan(0, plain.Length).ToArray());

        var opened = new byte[plain.Length];
        Assert.Throws<MigrationFailure>(() => open.Open(MigrationStage.Copy, FrameKind.Pages, two, second, opened));
        open.Open(MigrationStage.Copy, FrameKind.Pages, one, first, opened);
        Assert.Equal(plain, opened);
        Assert.Throws<MigrationFailure>(() => open.Open(MigrationStage.Copy, FrameKind.Pages, one, first, opened));
    }

    [Fact]
    public void Frames_open_in_order_with_their_contents()
    {
        var (send, receive) = Pair();
        for (int i = 0; i < 5; i++)
        {
            byte[] plain = RandomNumberGenerator.GetBytes(100 + i);
            Assert.Equal(plain, Open(receive, FrameKind.Pages, Seal(send, FrameKind.Pages, plain)));
        }
    }

    [Fact]
    public void A_flipped_bit_anywhere_is_rejected_as_tampering()
    {
        var (send, _) = Pair();
        byte[] key = RandomNumberGenerator.GetBytes(32);
        send = new SealedChannel(key, Id, 0, 0);
        var frame = Seal(send, FrameKind.Pages, RandomNumberGenerator.GetBytes(300));
        foreach (int at in new[] { 0, 150, 299, 300, 315 })
        {
            var receive = new SealedChannel(key, Id, 0, 0);
            byte[] tampered = (byte[])frame.Payload.Clone();
            tampered[at] ^= 1;
            var e = Assert.Throws<MigrationFailure>(() => Open(receive, FrameKind.Pages, (frame.Sequence, tampered)));
            Assert.Contains("failed authentication", e.Message, StringComparison.Ordinal);
            Assert.Contains("tampered", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_replayed_frame_is_rejected()
    {
        var (send, receive) = Pair();
        var first = Seal(send, FrameKind.Pages, [1, 2, 3]);
        Open(receive, FrameKind.Pages, first);
        var e = Assert.Throws<MigrationFailure>(() => Open(receive, FrameKind.Pages, first));
        Assert.Contains("arrived again", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_replayed_frame_with_a_forged_sequence_fails_authentication()
    {
        var (send, receive) = Pair();
        var first = Seal(send, FrameKind.Pages, [1, 2, 3]);
        Open(receive, FrameKind.Pages, first);
        var e = Assert.Throws<MigrationFailure>(() => Open(receive, FrameKind.Pages, (1, first.Payload)));
        Assert.Contains("failed authentication", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reordered_frames_are_rejected()
    {
        var (send, receive) = Pair();
        var first = Seal(send, FrameKind.Pages, [1]);
        var second = Seal(send, FrameKind.Pages, [2]);
        var e = Assert.Throws<MigrationFailure>(() => Open(receive, FrameKind.Pages, second));
        Assert.Contains("frame 1 arrived where frame 0 was due", e.Message, StringComparison.Ordinal);
        _ = first;
    }

    [Fact]
    public void A_truncated_frame_is_rejected()
    {
        var (send, receive) = Pair();
        var frame = Seal(send, FrameKind.Pages, RandomNumberGenerator.GetBytes(64));
        var cut = (frame.Sequence, frame.Payload[..40]);
        Assert.Throws<MigrationFailure>(() => Open(receive, FrameKind.Pages, cut));
        var tooShort = (frame.Sequence, frame.Payload[..10]);
        var e = Assert.Throws<MigrationFailure>(() => Open(new SealedChannel(RandomNumberGenerator.GetBytes(32), Id, 0, 0), FrameKind.Pages, tooShort));
        Assert.Contains("shorter than its authentication tag", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_presented_as_another_kind_fails_authentication()
    {
        var (send, receive) = Pair();
        var frame = Seal(send, FrameKind.Abort, [1, 2, 3]);
        Assert.Throws<MigrationFailure>(() => Open(receive, FrameKind.Commit, frame));
    }

    [Fact]
    public void Another_migration_or_key_cannot_open_a_frame()
    {
        byte[] key = RandomNumberGenerator.GetBytes(32);
        var send = new SealedChannel(key, Id, 0, 0);
        var frame = Seal(send, FrameKind.Pages, [9, 9, 9]);
        Assert.Throws<MigrationFailure>(() => Open(new SealedChannel(key, "migration-2", 0, 0), FrameKind.Pages, frame));
        Assert.Throws<MigrationFailure>(() => Open(new SealedChannel(RandomNumberGenerator.GetBytes(32), Id, 0, 0), FrameKind.Pages, frame));
        Assert.Throws<MigrationFailure>(() => Open(new SealedChannel(key, Id, 0, 1), FrameKind.Pages, frame));
    }

    [Fact]
    public void Both_ends_derive_the_same_keys_and_only_with_the_same_token()
    {
        byte[] token = RandomNumberGenerator.GetBytes(32);
        using var source = new MigrationKeys(Id);
        using var target = new MigrationKeys(Id);
        byte[] transcript = MigrationKeys.Transcript(Id, source.PublicKey, target.PublicKey, tokenBound: true);
        var atSource = source.Derive(target.PublicKey, transcript, token);
        var atTarget = target.Derive(source.PublicKey, transcript, token);
        Assert.Equal(atSource.SourceToTarget, atTarget.SourceToTarget);
        Assert.Equal(atSource.TargetToSource, atTarget.TargetToSource);
        Assert.NotEqual(atSource.SourceToTarget, atSource.TargetToSource);

        var wrongToken = target.Derive(source.PublicKey, transcript, RandomNumberGenerator.GetBytes(32));
        Assert.NotEqual(atSource.SourceToTarget, wrongToken.SourceToTarget);
        Assert.True(MigrationKeys.Matches(MigrationKeys.TargetProof(token, transcript), MigrationKeys.TargetProof(token, transcript)));
        Assert.False(MigrationKeys.Matches(MigrationKeys.TargetProof(token, transcript), MigrationKeys.TargetProof(RandomNumberGenerator.GetBytes(32), transcript)));
    }
}
