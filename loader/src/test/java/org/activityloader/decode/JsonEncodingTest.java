package org.activityloader.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonEncodingTest {
    @Test
    void utf8IsLeftToTheParser() {
        assertThat(JsonEncoding.notUtf8("{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(JsonEncoding.notUtf8(new byte[0])).isEmpty();
    }

    @Test
    void aByteOrderMarkIsNotUtf8() {
        assertThat(JsonEncoding.notUtf8(new byte[] {(byte) 0xfe, (byte) 0xff, '{', '}'}))
                .contains(new DecodeResult.Rejected("invalid_utf8", "byte 0xfe at offset 0 is not UTF-8 (a UTF-16/32 byte order mark?)"));
    }

    @Test
    void zeroBytesAtTheStartAreUtf16Or32() {
        assertThat(JsonEncoding.notUtf8("{}".getBytes(StandardCharsets.UTF_16BE))).contains(new DecodeResult.Rejected(
                "malformed_json", "zero byte at offset 0 (UTF-16 or UTF-32 text?); JSON events must be UTF-8"));
        assertThat(JsonEncoding.notUtf8("{}".getBytes(StandardCharsets.UTF_16LE))).contains(new DecodeResult.Rejected(
                "malformed_json", "zero byte at offset 1 (UTF-16 or UTF-32 text?); JSON events must be UTF-8"));
    }

    @Test
    void onlyTheFirstFourBytesAreLookedAt() {
        assertThat(JsonEncoding.notUtf8(new byte[] {'{', '"', 'a', '"', 0, '}'})).isEmpty();
    }
}
