package dev.groups.transport.quic.internal;

import dev.groups.transport.CloseReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Encodes and decodes {@link WireFrame}s. Decoding is bounded: a length above the maximum is refused
 * from the 4-byte prefix alone, before anything is allocated, and an unknown kind as soon as its byte
 * arrives. Stateless and thread-safe.
 */
public final class FrameCodec {
    /** Length prefix plus kind byte. */
    public static final int HEADER = 5;

    private final int maxPayload;

    /** @param maxPayload the largest {@link WireFrame.Data} payload accepted (the transport's frame limit) */
    public FrameCodec(int maxPayload) {
        if (maxPayload < 1) {
            throw new IllegalArgumentException("maxPayload must be positive");
        }
        this.maxPayload = maxPayload;
    }

    public int maxPayload() {
        return maxPayload;
    }

    /**
     * Decodes one frame from the readable bytes of {@code in}, consuming it.
     *
     * @return the frame, or null when {@code in} does not hold a whole frame yet (nothing is consumed)
     * @throws FrameException when the bytes can never become a valid frame; {@code in} is then unusable
     */
    public WireFrame decode(ByteBuf in) throws FrameException {
        if (in.readableBytes() < 4) {
            return null;
        }
        int at = in.readerIndex();
        long length = in.getUnsignedInt(at);
        if (length == 0) {
            throw new FrameException(CloseReason.PROTOCOL_VIOLATION, "empty frame");
        }
        if (length > (long) maxPayload + 1) {
            throw new FrameException(CloseReason.FRAME_TOO_LARGE,
                    "frame of " + (length - 1) + " bytes exceeds the maximum of " + maxPayload);
        }
        if (in.readableBytes() < HEADER) {
            return null;
        }
        byte kind = in.getByte(at + 4);
        int body = (int) length - 1;
        int fixed = fixedBodyLength(kind);
        if (fixed >= 0 && body != fixed) {
            throw new FrameException(CloseReason.PROTOCOL_VIOLATION,
                    "frame kind " + kind + " has a " + fixed + "-byte body, got " + body);
        }
        if (in.readableBytes() < 4 + length) {
            return null;
        }
        in.skipBytes(HEADER);
        return switch (kind) {
            case WireFrame.HELLO -> new WireFrame.Hello(in.readUnsignedByte());
            case WireFrame.WELCOME -> new WireFrame.Welcome(in.readUnsignedByte());
            case WireFrame.OPEN -> new WireFrame.Open();
            case WireFrame.OPENED -> new WireFrame.Opened();
            case WireFrame.GOODBYE -> new WireFrame.Goodbye(in.readInt());
            default -> {
                byte[] payload = new byte[body];
                in.readBytes(payload);
                yield new WireFrame.Data(payload);
            }
        };
    }

    /** The body length of a fixed-size kind, -1 for {@link WireFrame#DATA}; throws for an unknown kind. */
    private static int fixedBodyLength(byte kind) throws FrameException {
        return switch (kind) {
            case WireFrame.HELLO, WireFrame.WELCOME -> 1;
            case WireFrame.OPEN, WireFrame.OPENED -> 0;
            case WireFrame.GOODBYE -> 4;
            case WireFrame.DATA -> -1;
            default -> throw new FrameException(CloseReason.PROTOCOL_VIOLATION, "unknown frame kind " + (kind & 0xff));
        };
    }

    /** One frame as a new buffer from {@code alloc}; the caller owns it. */
    public ByteBuf encode(ByteBufAllocator alloc, WireFrame frame) {
        if (frame instanceof WireFrame.Data data) {
            return encodeData(alloc, data.payload());
        }
        ByteBuf out = alloc.buffer(HEADER + 4);
        if (frame instanceof WireFrame.Hello h) {
            out.writeInt(2).writeByte(WireFrame.HELLO).writeByte(h.version());
        } else if (frame instanceof WireFrame.Welcome w) {
            out.writeInt(2).writeByte(WireFrame.WELCOME).writeByte(w.version());
        } else if (frame instanceof WireFrame.Open) {
            out.writeInt(1).writeByte(WireFrame.OPEN);
        } else if (frame instanceof WireFrame.Opened) {
            out.writeInt(1).writeByte(WireFrame.OPENED);
        } else {
            out.writeInt(5).writeByte(WireFrame.GOODBYE).writeInt(((WireFrame.Goodbye) frame).code());
        }
        return out;
    }

    /** A {@link WireFrame.Data} frame carrying {@code payload}, without copying it into a record first. */
    public ByteBuf encodeData(ByteBufAllocator alloc, byte[] payload) {
        if (payload.length > maxPayload) {
            throw new IllegalArgumentException(
                    "frame of " + payload.length + " bytes exceeds the maximum frame length of " + maxPayload);
        }
        ByteBuf out = alloc.buffer(HEADER + payload.length);
        return out.writeInt(payload.length + 1).writeByte(WireFrame.DATA).writeBytes(payload);
    }
}
