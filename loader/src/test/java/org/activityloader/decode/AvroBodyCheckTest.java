package org.activityloader.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class AvroBodyCheckTest {
    private static final Schema STRING = Schema.create(Schema.Type.STRING);

    /** An Avro string: its zig-zag length, then the bytes. */
    private static byte[] avroString(byte[] text) {
        ByteBuffer b = ByteBuffer.allocate(text.length + 10);
        long z = (long) text.length << 1;
        while ((z & ~0x7FL) != 0) {
            b.put((byte) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        b.put((byte) z).put(text);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    @Test
    void aStringIsUtf8ExactlyWhenTheJdkDecoderSaysSo() {
        Random random = new Random(Long.getLong("fuzz.seed", System.nanoTime()));
        for (int i = 0; i < 50_000; i++) {
            byte[] text = new byte[random.nextInt(12)];
            for (int j = 0; j < text.length; j++) { // bytes around the UTF-8 boundaries more often than chance would
                text[j] = (byte) (random.nextBoolean() ? random.nextInt(256) : 0x80 + random.nextInt(0x80));
            }
            boolean jdk = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(text), CharBuffer.allocate(20), true).isUnderflow();
            Optional<DecodeResult.Rejected> r = AvroBodyCheck.check(STRING, avroString(text), 0);
            assertThat(r.isEmpty()).as("%s", java.util.HexFormat.of().formatHex(text)).isEqualTo(jdk);
            r.ifPresent(rej -> assertThat(rej.category()).isEqualTo("invalid_utf8"));
        }
    }

    @Test
    void aLengthPastTheEndOrANumberThatNeverEndsIsMalformed() {
        assertThat(AvroBodyCheck.check(STRING, new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}, 0))
                .hasValueSatisfying(r -> assertThat(r.reason()).startsWith("malformed_avro: a length of 2147483647 is beyond the 0 bytes"));
        byte[] endless = new byte[12];
        java.util.Arrays.fill(endless, (byte) 0x80);
        assertThat(AvroBodyCheck.check(Schema.create(Schema.Type.LONG), endless, 0))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("malformed_avro: a number longer than 10 bytes"));
        assertThat(AvroBodyCheck.check(Schema.create(Schema.Type.LONG), new byte[] {(byte) 0x80}, 0))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("malformed_avro: the event ends inside a number"));
        assertThat(AvroBodyCheck.check(STRING, avroString("héllo €𝄞".getBytes(StandardCharsets.UTF_8)), 0)).isEmpty();
    }

    @Test
    void deepNestingAndElementsThatTakeNoBytesAreBounded() {
        Schema list = new Schema.Parser().parse("""
                {"type": "record", "name": "Node", "fields": [{"name": "next", "type": ["null", "Node"]}]}""");
        byte[] deep = new byte[100_000];
        java.util.Arrays.fill(deep, (byte) 2); // union branch 1 (Node) again and again: a linked list 100,000 deep
        deep[deep.length - 1] = 0;
        assertThat(AvroBodyCheck.check(list, deep, 0))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("malformed_avro: values nested deeper than 200"));

        Schema nulls = Schema.createArray(Schema.create(Schema.Type.NULL));
        byte[] blocks = new byte[2_001]; // 1,000 blocks of 1,000 nulls (count 1000 = zig-zag 2000 = D0 0F): no bytes per element
        for (int i = 0; i < 2_000; i += 2) {
            blocks[i] = (byte) 0xD0;
            blocks[i + 1] = 0x0F;
        }
        assertThat(AvroBodyCheck.check(nulls, blocks, 0))
                .hasValueSatisfying(r -> assertThat(r.reason()).contains("more array or map elements than the event has bytes"));
    }

    @Test
    void aBlocksByteSizeMustBeTheBytesItsItemsTakeAndValuesAreBudgetedByTheBodysSize() {
        Schema nulls = Schema.createArray(Schema.create(Schema.Type.NULL));
        // count -1 (01), size -2 (03): Avro would skip back two bytes and read them again, forever.
        assertThat(AvroBodyCheck.check(nulls, new byte[] {0x01, 0x03, 0x00}, 0)).hasValueSatisfying(r ->
                assertThat(r.reason()).startsWith("malformed_avro: a length of -2"));
        Schema longs = Schema.createArray(Schema.create(Schema.Type.LONG));
        // count -2 (03), size 1 (02), then two one-byte longs: the block takes 2 bytes, not the 1 it says.
        assertThat(AvroBodyCheck.check(longs, new byte[] {0x03, 0x02, 0x02, 0x04, 0x00}, 0)).hasValueSatisfying(r ->
                assertThat(r.reason()).isEqualTo("malformed_avro: a block says it has 1 bytes, its items take 2"));
        assertThat(AvroBodyCheck.check(longs, new byte[] {0x03, 0x04, 0x02, 0x04, 0x00}, 0)).isEmpty();

        // Thirty levels of a record of two records of the level below, nulls at the bottom: 2^30 values in no bytes.
        StringBuilder json = new StringBuilder("\"null\"");
        for (int level = 0; level < 30; level++) {
            json = new StringBuilder("{\"type\": \"record\", \"name\": \"L" + level + "\", \"fields\": [{\"name\": \"a\", \"type\": "
                    + json + "}, {\"name\": \"b\", \"type\": \"" + (level == 0 ? "null" : "L" + (level - 1)) + "\"}]}");
        }
        Schema wide = new Schema.Parser().parse(json.toString());
        assertThat(AvroBodyCheck.check(wide, new byte[] {0}, 0)).hasValueSatisfying(r ->
                assertThat(r.reason()).isEqualTo("malformed_avro: more values than a body of 1 bytes can hold"));
    }
}
