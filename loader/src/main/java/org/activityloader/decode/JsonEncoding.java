package org.activityloader.decode;

import java.util.Optional;

/**
 * JSON events are UTF-8. Given bytes, Jackson guesses UTF-16 or UTF-32 from a byte order mark
 * (FF FE, FE FF) or zero bytes at the start and would read garbage as text: those are refused before
 * it sees them. 0xFE and 0xFF never occur in UTF-8; a zero byte is never valid JSON.
 */
final class JsonEncoding {
    private JsonEncoding() {
    }

    /** The reject of an event whose first bytes say it is not UTF-8; empty when they do not. */
    static Optional<DecodeResult> notUtf8(byte[] value) {
        for (int i = 0; i < Math.min(4, value.length); i++) {
            if (value[i] == (byte) 0xFE || value[i] == (byte) 0xFF) {
                return Optional.of(new DecodeResult.Rejected("invalid_utf8", String.format(
                        "byte 0x%02x at offset %d is not UTF-8 (a UTF-16/32 byte order mark?)", value[i] & 0xff, i)));
            }
            if (value[i] == 0) {
                return Optional.of(new DecodeResult.Rejected("malformed_json", "zero byte at offset " + i
                        + " (UTF-16 or UTF-32 text?); JSON events must be UTF-8"));
            }
        }
        return Optional.empty();
    }
}
