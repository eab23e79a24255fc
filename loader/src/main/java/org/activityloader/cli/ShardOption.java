package org.activityloader.cli;

import java.util.Map;
import java.util.Optional;
import org.activityloader.config.JobSpec;
import org.activityloader.source.Shard;
import picocli.CommandLine.Option;

/**
 * Which of a job's shards {@code loader run} loads: {@code --shard i/K} (or {@code --shard i}, K being
 * the job's {@code shards}); without it, the index a Kubernetes Indexed Job gives its pod
 * ({@code JOB_COMPLETION_INDEX}) when the job has shards; else the whole job.
 */
final class ShardOption {
    static final String INDEX_VARIABLE = "JOB_COMPLETION_INDEX";

    @Option(names = "--shard", paramLabel = "i/K",
            description = "load only shard i of the job's K shards (0 to K-1; K must equal the job's `shards`);"
                    + " default: $" + INDEX_VARIABLE + " when set and the job has shards, else the whole job")
    String shard;

    /** @throws IllegalArgumentException saying what is wrong with the option or the variable */
    Shard resolve(JobSpec spec, Map<String, String> env) {
        int count = spec.shards();
        if (shard == null) {
            String index = env.get(INDEX_VARIABLE);
            if (index == null || index.isBlank()) {
                return Shard.WHOLE;
            }
            if (count == 1) { // K pods each loading the whole job: all but one would find it busy, and the Job fail
                return Shard.parse(index.strip() + "/1").orElseThrow(() -> new IllegalArgumentException(INDEX_VARIABLE + "="
                        + index + ", but job " + spec.name() + " has no shards (shards: 1); set its shards to the Indexed Job's"
                        + " completions, run it as one pod, or pass --shard 0 to load it whole anyway"));
            }
            return Shard.parse(index.strip() + "/" + count).orElseThrow(() -> new IllegalArgumentException(INDEX_VARIABLE + "="
                    + index + " is not a shard of job " + spec.name() + ", which has shards: " + count + " (0 to " + (count - 1)
                    + "); give the Indexed Job completions: " + count));
        }
        String text = shard.contains("/") ? shard : shard.strip() + "/" + count;
        Optional<Shard> parsed = Shard.parse(text);
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("--shard " + shard + " is not i/K with i from 0 to K-1 (K up to " + Shard.MAX
                    + "), e.g. --shard 0/" + Math.max(2, count));
        }
        if (parsed.get().count() != count) {
            throw new IllegalArgumentException("--shard " + shard + " splits job " + spec.name() + " into " + parsed.get().count()
                    + " shards but the job has shards: " + count + "; change the job's shards (or --set shards="
                    + parsed.get().count() + ") so that every process agrees");
        }
        return parsed.get();
    }
}
