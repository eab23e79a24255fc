package org.activityloader.cli;

import org.activityloader.admin.ResetRefusedException;
import org.activityloader.run.RunOutcome;
import picocli.CommandLine;

/** Exit codes, one per kind of outcome cron or an operator must tell apart (see {@link RunOutcome}). */
final class ExitCodes implements CommandLine.IExitCodeExceptionMapper {
    static final int OK = RunOutcome.OK.exitCode();
    static final int FAILED = RunOutcome.FAILED.exitCode();
    static final int BAD_CONFIG = RunOutcome.BAD_CONFIG.exitCode();
    static final int ALREADY_RUNNING = RunOutcome.ALREADY_RUNNING.exitCode();
    static final int VERIFY_FINDINGS = 4;

    @Override
    public int getExitCode(Throwable t) {
        return t instanceof CommandLine.ParameterException || t instanceof ResetRefusedException ? BAD_CONFIG : RunOutcome.of(t).exitCode();
    }
}
