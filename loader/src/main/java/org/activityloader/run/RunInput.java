package org.activityloader.run;

/** What a kind of run reads while it plans and stages: opened after recovery, closed before the commit. */
interface RunInput extends AutoCloseable {
    @Override
    void close();
}
