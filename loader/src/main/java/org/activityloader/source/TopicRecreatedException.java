package org.activityloader.source;

/**
 * A partition's log is not the one its offsets were loaded from (its topic id changed, or it ends
 * before the stored offset): loading stops until an operator resets the offsets.
 */
public final class TopicRecreatedException extends SourceException {
    private final String topic;
    private final int partition;
    private final String evidence;

    TopicRecreatedException(String topic, int partition, String evidence, String job) {
        super("topic " + topic + " partition " + partition + " was deleted and recreated (or truncated): " + evidence
                + ". Loading stops here so that nothing is skipped or loaded twice; when the topic is as it should be, run:"
                + " loader reset-offsets " + job + " --topic " + topic);
        this.topic = topic;
        this.partition = partition;
        this.evidence = evidence;
    }

    /** The same, naming the job in the command to run. */
    public TopicRecreatedException forJob(String job) {
        return new TopicRecreatedException(topic, partition, evidence, job);
    }
}
