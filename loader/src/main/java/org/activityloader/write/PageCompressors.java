package org.activityloader.write;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The page compressor every Parquet file of a run shares. parquet-java gives each writer a codec
 * factory whose compressor keeps an output buffer of a page's size (1 MB) for the life of the file:
 * with hundreds of files open that alone took most of a small heap. Here there is one compressor a
 * thread (the writer's, and the sealing ones'), each used within one page's compression only.
 */
final class PageCompressors implements BytesInputCompressor, AutoCloseable {
    /** The buffer a compressor starts with; it grows to the largest compressed page and stays. */
    private static final int INITIAL_BUFFER = 64 << 10;

    private final Configuration conf;
    private final CompressionCodecName codec;
    private final List<CodecFactory> factories = new ArrayList<>();
    private final ThreadLocal<BytesInputCompressor> perThread = ThreadLocal.withInitial(this::newCompressor);

    PageCompressors(Configuration conf, CompressionCodecName codec) {
        this.conf = conf;
        this.codec = codec;
    }

    private synchronized BytesInputCompressor newCompressor() {
        CodecFactory factory = new CodecFactory(conf, INITIAL_BUFFER);
        factories.add(factory);
        return factory.getCompressor(codec);
    }

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
        return perThread.get().compress(bytes);
    }

    @Override
    public CompressionCodecName getCodecName() {
        return codec;
    }

    @Override
    public void release() {
        // released with the run's files, in close
    }

    @Override
    public synchronized void close() {
        factories.forEach(CodecFactory::release);
        factories.clear();
    }
}
